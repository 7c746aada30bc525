import type { Answer, Briefing, Citation, DigestItem } from '../model.js';
import { type Reply, triggerText } from '../reply.js';
import type { PresentedBlock, Presentation, Segment } from './model.js';
import {
  type Continuation,
  HELP_FOOTER,
  isShareable,
  modelAnswerNote,
  modelSummaryNote,
  moreStoriesText,
  QA_CAP,
  unknownCommandText,
} from './wording.js';

export interface PresentOptions {
  /** Where a continuation goes; decides what a continued digest says. Default: the next message. */
  continuation?: Continuation;
}

export const EMPTY_LIST_TEXT = 'No briefings yet.';
export const OPEN_ARTICLE = 'Open article';

const day = (iso: string) => iso.slice(0, 10);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The one place that decides what a reply shows. Pure. */
export function present(reply: Reply, options: PresentOptions = {}): Presentation {
  return { ...build(reply, options), shareable: isShareable(reply) };
}

function build(reply: Reply, options: PresentOptions): Presentation {
  const continuation = options.continuation ?? 'follow-up';
  switch (reply.kind) {
    case 'briefing':
      return presentBriefing(reply.briefing);
    case 'answer':
      return presentAnswer(reply.answer, reply.trigger ? triggerText(reply.trigger) : undefined);
    case 'unknown':
      return info([{ kind: 'paragraph', text: reply.message }], reply.message);
    case 'digest': {
      const d = reply.digest;
      if (d.items.length === 0 && d.overflow.length === 0)
        return info(
          [
            { kind: 'heading', text: reply.title },
            { kind: 'paragraph', text: reply.emptyMessage },
          ],
          reply.emptyMessage,
        );
      const count = d.items.length + d.overflow.length;
      const first: PresentedBlock[] = [
        { kind: 'heading', text: reply.title },
        ...(reply.intro ? [{ kind: 'note', text: reply.intro } as const] : []),
        { kind: 'items', items: d.items.map(digestItemView) },
      ];
      const summary = `${reply.title}: ${plural(count, 'briefing', 'briefings')}`;
      if (d.overflow.length === 0) return info(first, summary);
      if (continuation === 'inline') {
        first.push({ kind: 'items', items: d.overflow.map(digestItemView) });
        return info(first, summary);
      }
      // One footer: what continues, and where. The part markers of a split message say nothing more.
      first.push({ kind: 'note', text: moreStoriesText(d.overflow.length, continuation) });
      return {
        tone: 'info',
        parts: [first, [{ kind: 'items', items: d.overflow.map(digestItemView) }]],
        summary,
        shareable: true,
      };
    }
    case 'list':
      if (reply.items.length === 0) return info([{ kind: 'paragraph', text: EMPTY_LIST_TEXT }], EMPTY_LIST_TEXT);
      return info(
        [
          { kind: 'heading', text: 'Briefings' },
          {
            kind: 'items',
            items: reply.items.map((i) => ({
              id: i.id,
              title: i.title,
              url: i.url,
              source: i.source,
              date: day(i.published),
            })),
          },
        ],
        plural(reply.items.length, 'briefing', 'briefings'),
      );
    case 'help': {
      const blocks: PresentedBlock[] = [];
      if (reply.unknown) blocks.push({ kind: 'paragraph', text: unknownCommandText(reply.unknown) });
      blocks.push(
        { kind: 'heading', text: 'govai commands' },
        { kind: 'commands', items: reply.commands.map((c) => ({ usage: c.usage, description: c.description })) },
        { kind: 'note', text: HELP_FOOTER },
      );
      return {
        tone: 'info',
        parts: [blocks],
        summary: `govai commands: ${reply.commands.map((c) => c.name).join(', ')}`,
        shareable: false,
      };
    }
    case 'notice':
      return {
        tone: reply.level,
        parts: [[{ kind: 'paragraph', text: reply.message }]],
        summary: reply.message,
        shareable: reply.level === 'info',
      };
  }
}

function info(blocks: PresentedBlock[], summary: string): Presentation {
  return { tone: 'info', parts: [blocks], summary, shareable: true };
}

function presentBriefing(b: Briefing): Presentation {
  const ref = (c: Citation) => ({ paragraph: c.paragraph, ...(b.url ? { url: b.url } : {}) });
  const by = b.summaryBy;
  const blocks: PresentedBlock[] = [
    { kind: 'heading', text: b.headline, ...(b.url ? { url: b.url } : {}) },
    { kind: 'meta', source: b.source, date: day(b.published), ...(b.url ? { url: b.url, title: b.title } : {}) },
    { kind: 'paragraph', label: 'TL;DR', text: b.tldr, ...(by ? { writtenBy: by.model } : {}) },
  ];
  if (b.keyPoints.length > 0)
    blocks.push(
      { kind: 'divider' },
      {
        kind: 'bullets',
        label: 'Key points',
        items: b.keyPoints.map((k) => ({ text: k.text, ref: ref(k.citation) })),
        ...(by?.keyPoints ? { writtenBy: by.model } : {}),
      },
    );
  // Said right under what the model wrote, so a reader never takes it for the article's own words.
  if (by) blocks.push({ kind: 'note', text: modelSummaryNote(by.model, by.keyPoints === true) });
  if (b.glossary.length > 0)
    blocks.push(
      { kind: 'divider' },
      {
        kind: 'bullets',
        label: 'Glossary',
        items: b.glossary.map((g) => ({ term: g.term, text: g.definition, ref: ref(g.citation) })),
      },
    );
  if (b.qa.length > 0)
    blocks.push(
      { kind: 'divider' },
      {
        kind: 'qa',
        label: 'Q&A',
        items: b.qa.slice(0, QA_CAP).map((q) => ({ question: q.question, answer: q.answer, ref: ref(q.citation) })),
      },
    );
  blocks.push({ kind: 'divider' });
  if (b.sections.length > 0)
    blocks.push({ kind: 'note', text: `Sections: ${b.sections.map((s) => s.heading).join(' | ')}` });
  if (b.entities.length > 0) blocks.push({ kind: 'note', text: `Names: ${b.entities.join(', ')}` });
  blocks.push({ kind: 'note', text: `id: ${b.id}` });
  // A button's URL must be a plain http(s) address the platforms accept (Discord: 512 characters at most).
  if (b.url && /^https?:\/\/[^\s<>|]+$/i.test(b.url) && b.url.length <= 512)
    blocks.push({ kind: 'actions', actions: [{ label: OPEN_ARTICLE, url: b.url }] });
  return info(blocks, `${b.headline}: ${b.tldr}`);
}

/** The quote as segments, the answering span strong when it is inside the quote. */
export function highlight(quote: string, answerText?: string): { segments: Segment[]; inQuote: boolean } {
  const span = answerText?.trim();
  const at = span ? quote.indexOf(span) : -1;
  if (!span || at < 0) return { segments: [{ text: quote }], inQuote: false };
  const segments: Segment[] = [];
  if (at > 0) segments.push({ text: quote.slice(0, at) });
  segments.push({ text: span, strong: true });
  if (at + span.length < quote.length) segments.push({ text: quote.slice(at + span.length) });
  return { segments, inQuote: true };
}

function presentAnswer(a: Answer, why: string | undefined): Presentation {
  const citation = (c: Citation) =>
    ({ kind: 'citation', citation: { title: c.title, url: c.url, source: c.source, paragraph: c.paragraph } }) as const;
  if (a.grounded) {
    const g = a.grounded;
    const blocks: PresentedBlock[] = [{ kind: 'paragraph', text: g.text }];
    for (const s of g.sentences) blocks.push({ kind: 'quote', segments: [{ text: s.text }] }, citation(s.citation));
    blocks.push({ kind: 'note', text: modelAnswerNote(g.model) });
    if (why) blocks.push({ kind: 'note', text: why });
    return info(blocks, g.text);
  }
  const { segments, inQuote } = highlight(a.quote, a.answerText);
  const blocks: PresentedBlock[] = [{ kind: 'quote', segments }, citation(a.citation)];
  const span = a.answerText?.trim();
  // The span is said in words when the quote cannot show it in bold.
  if (span && !inQuote) blocks.push({ kind: 'answer-line', text: span });
  if (a.support) blocks.push({ kind: 'note', text: a.support });
  if (why) blocks.push({ kind: 'note', text: why });
  return info(blocks, `${span ?? a.quote} — ${a.citation.title}, paragraph ${a.citation.paragraph}`);
}

function digestItemView(item: DigestItem) {
  return {
    title: item.title,
    url: item.url,
    source: item.source,
    date: day(item.published),
    summary: item.tldr,
    ...(item.tldrBy ? { summaryBy: item.tldrBy } : {}),
    ...(item.alsoReportedBy?.length
      ? { alsoReportedBy: item.alsoReportedBy.map((o) => ({ source: o.source, url: o.url })) }
      : {}),
  };
}
