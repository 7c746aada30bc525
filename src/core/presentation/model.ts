// The neutral presentation of a Reply: what a reader sees, in order, before any platform formatting. Every shared
// decision (Q&A cap, empty texts, help footer, answer highlight, trigger wording, what a continued digest says)
// is made once in present.ts; renderers only map these blocks to Block Kit, embeds, cards or text within their
// limits, escaping every article-derived string on the way.

/** A run of text; `strong` marks the answering span inside a quote. */
export interface Segment {
  text: string;
  strong?: boolean;
}

/** A pointer into the article: the paragraph, linked when the briefing has a URL. */
export interface ParagraphRef {
  paragraph: number;
  url?: string;
}

export interface CitationView {
  title: string;
  url?: string;
  source?: string;
  paragraph: number;
}

export interface BulletView {
  /** A glossary term, shown in bold before the text. */
  term?: string;
  text: string;
  ref?: ParagraphRef;
}

export interface QaView {
  question: string;
  answer: string;
  ref?: ParagraphRef;
}

export interface ItemView {
  title: string;
  url?: string;
  /** A list's briefing id. */
  id?: string;
  source: string;
  /** YYYY-MM-DD. */
  date: string;
  summary?: string;
  /** `provider:model` when a language model wrote `summary` (verified against the article, shown as such). */
  summaryBy?: string;
  alsoReportedBy?: Array<{ source: string; url?: string }>;
}

export interface CommandView {
  usage: string;
  description: string;
}

export type PresentedBlock =
  | { kind: 'heading'; text: string; url?: string }
  /** Source, date, and whether the article can be opened. */
  | {
      kind: 'meta';
      source: string;
      date: string;
      url?: string /** The article's own title, to label its link. */;
      title?: string;
    }
  /** `writtenBy`: a model wrote the text (renderers keep its words inert: no link, no ping). */
  | { kind: 'paragraph'; text: string; label?: string; writtenBy?: string }
  | { kind: 'bullets'; label: string; items: BulletView[]; writtenBy?: string }
  | { kind: 'qa'; label: string; items: QaView[] }
  | { kind: 'quote'; segments: Segment[] }
  | { kind: 'answer-line'; text: string }
  | { kind: 'citation'; citation: CitationView }
  | { kind: 'items'; items: ItemView[] }
  | { kind: 'commands'; items: CommandView[] }
  /** Small print under the content (ids, names, sections, why I answered, what continues). */
  | { kind: 'note'; text: string }
  | { kind: 'divider' }
  | { kind: 'actions'; actions: Array<{ label: string; url: string }> };

export interface Presentation {
  tone: 'info' | 'error';
  /** `parts[0]` is the first message; later parts (a digest's overflow) always start a new one. */
  parts: PresentedBlock[][];
  /** One line for notifications and screen readers (plain, unescaped). */
  summary: string;
  /** Whether the user may want to share it with the channel (not help, not errors). */
  shareable: boolean;
}
