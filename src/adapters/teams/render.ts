import type { Citation } from '../../core/model.js';
import type { ItemView, ParagraphRef, PresentedBlock } from '../../core/presentation/model.js';
import { present } from '../../core/presentation/present.js';
import { modelItemNote } from '../../core/presentation/wording.js';
import { splitText } from '../../core/presentation/split.js';
import type { Reply } from '../../core/reply.js';
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
  actions?: CardAction[];
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

export function citationMarkdown(c: Pick<Citation, 'title' | 'url' | 'source' | 'paragraph'>): string {
  return `${cardLink(c.url, c.title)}${c.source ? ` (${esc(c.source)})` : ''}, paragraph ${c.paragraph}`;
}

/** One or more messages; more than one only when the content exceeds a card's size. */
export function renderTeams(reply: Reply): TeamsMessage[] {
  const { parts, summary, actions } = renderParts(reply);
  const packed = parts.map((elements) => packCards(elements));
  const cards = packed.flat();
  // One footer per card: a part that ends with the core's "N more stories in the next message." (every part but
  // the last) and a part that fits one card after it need no "Part i of n" marker; a part split further keeps them.
  const unmarked = new Set<number>();
  let at = 0;
  packed.forEach((group, p) => {
    if (p < packed.length - 1 && group.length > 0) unmarked.add(at + group.length - 1);
    if (p > 0 && group.length === 1) unmarked.add(at);
    at += group.length;
  });
  return cards.map((body, i) => {
    const marked = cards.length > 1 && !unmarked.has(i);
    const c = card(marked ? [...body, subtle(`Part ${i + 1} of ${cards.length}`)] : body);
    // "Open article" on the first card, where the briefing starts.
    if (i === 0 && actions.length > 0) c.actions = actions;
    return { card: c, summary: cards.length > 1 ? `${summary} (${i + 1}/${cards.length})` : summary };
  });
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
function renderParts(reply: Reply): { parts: CardElement[][]; summary: string; actions: CardAction[] } {
  // Teams continues a long reply in the next message (a command's reply and a channel post alike).
  const p = present(reply, { continuation: 'follow-up' });
  const grounded = reply.kind === 'answer' && reply.answer.grounded !== undefined;
  const actions: CardAction[] = [];
  const parts = p.parts.map((blocks, i) =>
    toElements(blocks, { error: p.tone === 'error' && i === 0, grounded, actions }),
  );
  return { parts, summary: p.summary.slice(0, 200), actions };
}

export interface CardAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

function refMarkdown(ref: ParagraphRef | undefined): string {
  if (!ref) return '';
  return ref.url ? ` ${cardLink(ref.url, `¶${ref.paragraph}`)}` : ` _[¶${ref.paragraph}]_`;
}

function toElements(
  blocks: PresentedBlock[],
  o: { error: boolean; grounded: boolean; actions: CardAction[] },
): CardElement[] {
  const els: CardElement[] = [];
  let notes: string[] = [];
  let separate = false;
  const push = (...xs: CardElement[]) => {
    if (separate && xs.length > 0) xs[0] = { ...xs[0]!, separator: true, spacing: 'Medium' };
    separate = false;
    els.push(...xs);
  };
  const flushNotes = () => {
    if (notes.length > 0) push(subtle(notes.join(' · ')));
    notes = [];
  };
  for (const b of blocks) {
    if (b.kind !== 'note') flushNotes();
    switch (b.kind) {
      case 'heading':
        push(heading(b.text));
        break;
      case 'meta':
        push(
          subtle([b.url && b.title ? cardLink(b.url, b.title) : '', esc(b.source), b.date].filter(Boolean).join(' · ')),
        );
        break;
      case 'paragraph': {
        const body = b.label ? `**${esc(b.label)}** ${esc(b.text)}` : esc(b.text);
        push(o.error ? text(`⚠️ ${body}`, { color: 'Attention' }) : text(body));
        break;
      }
      case 'bullets':
        push(
          label(b.label),
          ...b.items.map((i) =>
            text(`• ${i.term ? `**${esc(i.term)}**: ` : ''}${esc(i.text)}${refMarkdown(i.ref)}`, { spacing: 'Small' }),
          ),
        );
        break;
      case 'qa':
        push(
          label(b.label),
          ...b.items.map((q) =>
            text(`**Q:** ${esc(q.question)}\n\n**A:** ${esc(q.answer)}${refMarkdown(q.ref)}`, { spacing: 'Small' }),
          ),
        );
        break;
      case 'quote': {
        const strong = b.segments.find((x) => x.strong);
        const quote = b.segments.map((x) => x.text).join('');
        push({
          type: 'Container',
          style: 'emphasis',
          items: [text(o.grounded ? esc(quote) : quoteWithAnswer(quote, strong?.text))],
        });
        break;
      }
      case 'answer-line':
        push(text(`**Answer:** ${esc(b.text)}`));
        break;
      case 'citation':
        push(subtle(`— ${citationMarkdown(b.citation)}`));
        break;
      case 'items':
        if (b.items.every((i) => i.id))
          push(
            ...b.items.map((i) =>
              text(`• ${esc(i.id!)} · ${i.date} · ${cardLink(i.url, i.title)} (${esc(i.source)})`, {
                spacing: 'Small',
              }),
            ),
          );
        else push(...b.items.flatMap(digestItem));
        break;
      case 'commands':
        push(...b.items.map((c) => text(`• **@govai ${esc(c.usage)}** ${esc(c.description)}`, { spacing: 'Small' })));
        break;
      case 'note':
        notes.push(esc(b.text));
        break;
      case 'divider':
        separate = els.length > 0;
        break;
      case 'actions':
        for (const a of b.actions) o.actions.push({ type: 'Action.OpenUrl', title: a.label, url: a.url });
        break;
    }
  }
  flushNotes();
  return els;
}

function digestItem(item: ItemView): CardElement[] {
  const els = [
    text(`**${cardLink(item.url, item.title)}**`, { spacing: 'Medium' }),
    subtle(`${esc(item.source)} · ${item.date}`),
  ];
  if (item.summary) els.push(text(esc(item.summary), { spacing: 'Small' }));
  if (item.summary && item.summaryBy) els.push(subtle(`_${esc(modelItemNote(item.summaryBy))}_`));
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

/** A card markdown link `[label](url)`: never split across two TextBlocks. */
const CARD_LINK = /\[[^\]]*\]\(https?:[^)\s]*\)/g;

function splitElement(el: CardElement, room: number): CardElement[] {
  if (bytes(el) <= room) return [el];
  if (el.type === 'TextBlock' && typeof el.text === 'string') {
    return splitText(el.text, Math.min(TEAMS_LIMITS.textBlockChars, Math.floor(room / 4)), {
      atomic: CARD_LINK,
    }).map((t) => ({
      ...el,
      text: t,
    }));
  }
  if (Array.isArray(el.items)) return (el.items as CardElement[]).flatMap((item) => splitElement(item, room));
  return [el];
}
