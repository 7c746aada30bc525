import type { Citation, DigestItem } from '../../core/model.js';
import { splitText } from '../../core/presentation/split.js';
import { HELP_FOOTER, QA_CAP, unknownCommandText } from '../../core/presentation/wording.js';
import { type Reply, triggerText } from '../../core/reply.js';
import { cardLink, cardMarkdownToText, escapeCardText as esc } from './escape.js';
import { TEAMS_LIMITS } from './limits.js';

// Adaptive Card rendering of the neutral Reply. Pure: the same reply always gives the same cards. All article
// text goes through escapeCardText, so nothing from a briefing becomes a link, a mention or formatting; the only
// links are citations to a briefing's own http(s) URL. A reply larger than one card is split into several cards
// (each a message), at element boundaries, and a single oversized text at sentence or word boundaries: never cut.

export type CardElement = { type: string; [key: string]: unknown };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: string;
  body: CardElement[];
  msteams: { width: 'Full' };
}

export interface TeamsMessage {
  card: AdaptiveCard;
  /** Plain text for notifications and screen readers (the activity's `summary`). */
  summary: string;
}

const text = (markdown: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text: markdown,
  wrap: true,
  ...extra,
});
const heading = (plain: string) => text(esc(plain), { size: 'Large', weight: 'Bolder', style: 'heading' });
const subtle = (markdown: string) => text(markdown, { isSubtle: true, size: 'Small', spacing: 'Small' });
const label = (plain: string) => text(`**${esc(plain)}**`, { spacing: 'Medium' });

export function citationMarkdown(c: Citation): string {
  return `${cardLink(c.url, c.title)}${c.source ? ` (${esc(c.source)})` : ''}, paragraph ${c.paragraph}`;
}

/** One or more messages; more than one only when the content exceeds a card's size. */
export function renderTeams(reply: Reply): TeamsMessage[] {
  const { parts, summary } = renderParts(reply);
  const cards = parts.flatMap((elements) => packCards(elements));
  return cards.map((body, i) => ({
    card: card(cards.length > 1 ? [...body, subtle(`Part ${i + 1} of ${cards.length}`)] : body),
    summary: cards.length > 1 ? `${summary} (${i + 1}/${cards.length})` : summary,
  }));
}

/** Visible text of rendered messages, parts joined: what a user reads (tests, the contract suite). */
export function teamsMessagesText(messages: readonly { card: AdaptiveCard }[]): string {
  return messages.map((m) => cardText(m.card)).join('\n');
}

export function cardText(c: { body: CardElement[] }): string {
  const out: string[] = [];
  const walk = (els: CardElement[]) => {
    for (const el of els) {
      if (el.type === 'TextBlock' && typeof el.text === 'string') out.push(cardMarkdownToText(el.text));
      if (Array.isArray(el.items)) walk(el.items as CardElement[]);
    }
  };
  walk(c.body);
  return out.join('\n');
}

function card(body: CardElement[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: TEAMS_LIMITS.cardVersion,
    body,
    msteams: { width: 'Full' },
  };
}

/** `parts[0]` starts the first card; later parts (a digest's overflow) always start a new card. */
function renderParts(reply: Reply): { parts: CardElement[][]; summary: string } {
  switch (reply.kind) {
    case 'briefing': {
      const b = reply.briefing;
      const els: CardElement[] = [
        heading(b.headline),
        subtle(
          `${esc(b.source)} · ${b.published.slice(0, 10)}${b.url ? ` · ${cardLink(b.url, 'original article')}` : ''}`,
        ),
        text(`**TL;DR** ${esc(b.tldr)}`),
      ];
      if (b.keyPoints.length > 0)
        els.push(
          label('Key points'),
          ...b.keyPoints.map((k) => text(`• ${esc(k.text)} _[¶${k.citation.paragraph}]_`, { spacing: 'Small' })),
        );
      if (b.glossary.length > 0) {
        els.push(
          label('Glossary'),
          ...b.glossary.map((g) =>
            text(`• **${esc(g.term)}**: ${esc(g.definition)} _[¶${g.citation.paragraph}]_`, { spacing: 'Small' }),
          ),
        );
      }
      if (b.qa.length > 0) {
        els.push(
          label('Q&A'),
          ...b.qa.slice(0, QA_CAP).map((q) =>
            text(`**Q:** ${esc(q.question)}\n\n**A:** ${esc(q.answer)} _[¶${q.citation.paragraph}]_`, {
              spacing: 'Small',
            }),
          ),
        );
      }
      const footer = [
        b.sections.length > 0 ? `Sections: ${esc(b.sections.map((s) => s.heading).join(' | '))}` : '',
        b.entities.length > 0 ? `Names: ${esc(b.entities.join(', '))}` : '',
        `id: ${esc(b.id)}`,
      ];
      els.push(subtle(footer.filter(Boolean).join(' · ')));
      return { parts: [els], summary: `${b.headline}: ${b.tldr}`.slice(0, 200) };
    }
    case 'answer': {
      const a = reply.answer;
      const why = reply.trigger ? esc(triggerText(reply.trigger)) : '';
      if (a.grounded) {
        // A model's verified answer: its short text (escaped: no links, mentions or formatting), then every
        // sentence it cites verbatim from the briefing.
        const g = a.grounded;
        const els: CardElement[] = [text(esc(g.text))];
        for (const s of g.sentences)
          els.push(
            { type: 'Container', style: 'emphasis', items: [text(esc(s.text))] },
            subtle(`— ${citationMarkdown(s.citation)}`),
          );
        els.push(
          subtle(
            [`Written by ${esc(g.model)}; every quote above is verbatim from the briefing.`, why]
              .filter(Boolean)
              .join(' · '),
          ),
        );
        return { parts: [els], summary: g.text.slice(0, 200) };
      }
      const notes = [why, a.support ? esc(a.support) : ''].filter(Boolean).join(' · ');
      const els: CardElement[] = [
        { type: 'Container', style: 'emphasis', items: [text(quoteWithAnswer(a.quote, a.answerText))] },
        subtle(`— ${citationMarkdown(a.citation)}`),
        ...(notes ? [subtle(notes)] : []),
      ];
      return { parts: [els], summary: `${a.answerText ?? a.quote}`.slice(0, 200) };
    }
    case 'unknown':
      return { parts: [[text(esc(reply.message))]], summary: reply.message };
    case 'digest': {
      const d = reply.digest;
      if (d.items.length === 0 && d.overflow.length === 0)
        return { parts: [[heading(reply.title), text(esc(reply.emptyMessage))]], summary: reply.emptyMessage };
      const count = d.items.length + d.overflow.length;
      const first: CardElement[] = [
        heading(reply.title),
        ...(reply.intro ? [subtle(esc(reply.intro))] : []),
        ...d.items.flatMap(digestItem),
      ];
      const summary = `${reply.title}: ${count} ${count === 1 ? 'briefing' : 'briefings'}`;
      if (d.overflow.length === 0) return { parts: [first], summary };
      first.push(
        subtle(`_${d.overflow.length} more ${d.overflow.length === 1 ? 'story' : 'stories'} in the next message._`),
      );
      return { parts: [first, d.overflow.flatMap(digestItem)], summary };
    }
    case 'list': {
      if (reply.items.length === 0) return { parts: [[text('No briefings yet.')]], summary: 'No briefings yet.' };
      const lines = reply.items.map((i) =>
        text(`• ${esc(i.id)} · ${i.published.slice(0, 10)} · ${cardLink(i.url, i.title)} (${esc(i.source)})`, {
          spacing: 'Small',
        }),
      );
      return { parts: [[heading('Briefings'), ...lines]], summary: `${reply.items.length} briefing(s)` };
    }
    case 'help': {
      const els: CardElement[] = [];
      if (reply.unknown) els.push(text(esc(unknownCommandText(reply.unknown))));
      els.push(
        label('govai commands'),
        ...reply.commands.map((c) => text(`• **@govai ${esc(c.usage)}** ${esc(c.description)}`, { spacing: 'Small' })),
      );
      els.push(subtle(esc(HELP_FOOTER)));
      return { parts: [els], summary: 'govai commands: summary, ask, digest, list, help' };
    }
    case 'notice':
      return {
        parts: [
          [
            text(
              reply.level === 'error' ? `⚠️ ${esc(reply.message)}` : esc(reply.message),
              reply.level === 'error' ? { color: 'Attention' } : {},
            ),
          ],
        ],
        summary: reply.message,
      };
  }
}

function digestItem(item: DigestItem): CardElement[] {
  const els = [
    text(`**${cardLink(item.url, item.title)}**`, { spacing: 'Medium' }),
    subtle(`${esc(item.source)} · ${item.published.slice(0, 10)}`),
    text(esc(item.tldr), { spacing: 'Small' }),
  ];
  if (item.alsoReportedBy?.length)
    els.push(subtle(`_Also reported by ${item.alsoReportedBy.map((o) => cardLink(o.url, o.source)).join(', ')}_`));
  return els;
}

/** The quote, with the answering span in bold when it is inside the quote. */
export function quoteWithAnswer(quote: string, answerText?: string): string {
  const q = esc(quote);
  const span = answerText?.trim() ? esc(answerText.trim()) : undefined;
  const at = span ? q.indexOf(span) : -1;
  if (span && at >= 0) return `${q.slice(0, at)}**${span}**${q.slice(at + span.length)}`;
  return span ? `${q}\n\n**Answer:** ${span}` : q;
}

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

/** Splits elements into card bodies within the card budget; an element too large alone is split into several. */
export function packCards(elements: CardElement[], budget: number = TEAMS_LIMITS.cardBytes): CardElement[][] {
  // Room for the card envelope and the "Part i of n" footer.
  const room = budget - bytes(card([])) - 200;
  const cards: CardElement[][] = [];
  let current: CardElement[] = [];
  let used = 0;
  for (const el of elements.flatMap((e) => splitElement(e, room))) {
    const size = bytes(el) + 1;
    if (current.length > 0 && used + size > room) {
      cards.push(current);
      current = [];
      used = 0;
    }
    current.push(el);
    used += size;
  }
  if (current.length > 0) cards.push(current);
  return cards;
}

function splitElement(el: CardElement, room: number): CardElement[] {
  if (bytes(el) <= room) return [el];
  if (el.type === 'TextBlock' && typeof el.text === 'string') {
    return splitText(el.text, Math.min(TEAMS_LIMITS.textBlockChars, Math.floor(room / 4))).map((t) => ({
      ...el,
      text: t,
    }));
  }
  if (Array.isArray(el.items)) return (el.items as CardElement[]).flatMap((item) => splitElement(item, room));
  return [el];
}
