// The platform-neutral data model. Everything an adapter renders comes from these types.

/** Where a quote or key point came from: the briefing and the 1-based paragraph of its body. */
export interface Citation {
  briefingId: string;
  title: string;
  url?: string;
  source?: string;
  paragraph: number;
}

/** An article as read from disk (or fetched), after front-matter validation. */
export interface Article {
  id: string;
  title: string;
  source: string;
  url?: string;
  /** ISO 8601 date or date-time. */
  published: string;
  tags: string[];
  keywords: string[];
  qa: Array<{ q: string; a: string }>;
  /** Markdown body: paragraphs separated by blank lines or newlines, `#` headings allowed. */
  body: string;
  /** Where it was read from, for error messages; not part of the briefing's identity. */
  file?: string;
}

export interface KeyPoint {
  text: string;
  citation: Citation;
  /** Every paragraph a model-written point cites, when more than one (`citation` holds the first). */
  paragraphs?: number[];
}

export interface GlossaryEntry {
  term: string;
  definition: string;
  citation: Citation;
}

export interface QaSnippet {
  question: string;
  answer: string;
  citation: Citation;
  origin: 'editor' | 'generated';
}

export interface Section {
  heading: string;
  /** 1-based paragraph numbers under this heading. */
  paragraphs: number[];
}

export interface Briefing {
  id: string;
  title: string;
  headline: string;
  source: string;
  url?: string;
  published: string;
  tags: string[];
  keywords: string[];
  tldr: string;
  keyPoints: KeyPoint[];
  sections: Section[];
  glossary: GlossaryEntry[];
  /** Organizations, agencies and products the text names. */
  entities: string[];
  /**
   * What keyword triggers watch for this briefing: keywords, glossary terms, the names mentioned more than once and
   * the noun phrases its key sentences repeat. Built for every briefing, also those `govai add` and feeds write
   * (which have no keywords). Optional only for briefings built by hand (tests, model output).
   */
  watchTerms?: string[];
  qa: QaSnippet[];
  /** The body's paragraphs (headings excluded), numbered from 1 in citations. */
  paragraphs: string[];
  /**
   * Set when `tldr` was written by a model (verified against the sentences it cites); `keyPoints` says whether
   * the key points are the model's too (none of its points passed the checks: the offline ones stay).
   */
  summaryBy?: { model: string; tldrParagraphs: number[]; keyPoints?: boolean };
}

export interface Answer {
  question: string;
  /** The sentence that answers, verbatim from the article (two sentences when the answer runs on into the next). */
  quote: string;
  /**
   * The short answer inside `quote`, set only when it is worth showing: a span of the asked kind (a date for
   * "when", a name for "who"...) whose own confidence passed the span threshold. Renderers bold it and print an
   * `Answer:` line when it is set, and show the quote alone when it is not: the core decides, renderers follow.
   */
  answerText?: string;
  /**
   * Why the quote is trusted, in words a reader can check ("The quote has every key term of your question."). Shown
   * instead of a score.
   */
  support?: string;
  /** Where the answer came from: an editor's Q&A pair, or the article's sentences. */
  origin?: 'editor' | 'article';
  citation: Citation;
  /**
   * 0..1, calibrated so that the default threshold declines unrelated questions. For JSON and tooling, never shown in
   * chat.
   */
  score: number;
  /**
   * Set when a language model wrote the answer: its short answer and every sentence it cited, verbatim from
   * the briefings (`quote`/`citation` above are the first of them). Only present after verification passed.
   */
  grounded?: GroundedText;
}

/** A model's short text with the source sentences it cites, verbatim. */
export interface GroundedText {
  text: string;
  /** `provider:model`. */
  model: string;
  sentences: Array<{ text: string; citation: Citation }>;
}

export type AskResult =
  | { kind: 'answer'; answer: Answer }
  | {
      kind: 'unknown';
      question: string;
      reason: 'empty' | 'too-long' | 'no-match' | 'low-confidence' | 'no-briefings';
      score?: number;
    };

export interface DigestItem {
  briefingId: string;
  title: string;
  tldr: string;
  url?: string;
  source: string;
  published: string;
  /** The model that wrote `tldr`, when it was not the offline summarizer. */
  tldrBy?: string;
  /** Other outlets that reported the same story (near-duplicates grouped by ingest). */
  alsoReportedBy?: Array<{ source: string; url?: string; briefingId: string }>;
}

export interface Digest {
  since?: string;
  items: DigestItem[];
  /** Items that did not fit the budget or maxItems; adapters continue them in a thread / follow-up. */
  overflow: DigestItem[];
}
