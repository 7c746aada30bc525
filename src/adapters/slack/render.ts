import type { Citation } from '../../core/model.js';
import type { ItemView, ParagraphRef, PresentedBlock, Segment } from '../../core/presentation/model.js';
import { present } from '../../core/presentation/present.js';
import { modelItemNote } from '../../core/presentation/wording.js';
import type { Reply } from '../../core/reply.js';
import {
  context,
  header,
  packMessages,
  sections,
  type Continuation,
  type SlackBlock,
  type SlackMessage,
} from './blocks.js';
import { escapeMrkdwn as esc, mrkdwnLink, safePlain } from './escape.js';
import { SLACK_LIMITS } from './limits.js';

// Block Kit rendering of the core's presentation (src/core/presentation/present.ts decides what is shown; this
// maps it to blocks within limits.ts). Pure: the same reply always gives the same messages. All article text goes
// through escapeMrkdwn / mrkdwnLink, so nothing from a briefing can ping or inject a link.

export type { SlackBlock, SlackMessage } from './blocks.js';

/** The action id of the "Open article" link button (acknowledged by the app; Slack opens the URL itself). */
export const OPEN_ARTICLE_ACTION_ID = 'govai_open_article';

export interface RenderOptions {
  /** Where parts after the first go: thread replies (channel posts) or follow-up messages (response_url). */
  continuation?: Continuation;
}

/** One or more messages; more than one only when the content exceeds one message's limits. */
export function renderSlack(reply: Reply, options: RenderOptions = {}): SlackMessage[] {
  const continuation = options.continuation ?? 'follow-up';
  const p = present(reply, { continuation });
  // A model's words never link: a bare URL is broken (word joiner) so Slack does not auto-link it.
  const inert = reply.kind === 'answer' && reply.answer.grounded !== undefined;
  const parts = p.parts.map((part, i) => toBlocks(part, { inert, error: p.tone === 'error' && i === 0 }));
  // Every part but the last ends with the core's note of what continues (a digest's "N more stories ...").
  const selfContinued = new Set(parts.slice(0, -1).map((_, i) => i));
  // The notification text too: a model's bare URL must not become a link there either.
  const modelSummary = reply.kind === 'briefing' && reply.briefing.summaryBy !== undefined;
  const summary = inert || modelSummary ? inertMrkdwn(p.summary) : esc(p.summary);
  return packMessages(parts, summary, continuation, selfContinued);
}

/** `--format slack` for the CLI: the messages as Slack would receive them. */
export function renderSlackJson(reply: Reply): string {
  return JSON.stringify(renderSlack(reply), null, 2);
}

export function citationMrkdwn(c: Pick<Citation, 'title' | 'url' | 'source' | 'paragraph'>): string {
  return `${mrkdwnLink(c.url, c.title)}${c.source ? ` (${esc(c.source)})` : ''}, paragraph ${c.paragraph}`;
}

/** A paragraph reference, linked to the article when it has a URL. */
function refMrkdwn(ref: ParagraphRef | undefined): string {
  if (!ref) return '';
  return ref.url ? ` ${mrkdwnLink(ref.url, `[¶${ref.paragraph}]`)}` : ` _[¶${ref.paragraph}]_`;
}

/** A model's words as text Slack cannot turn into a link: a bare URL is broken with a word joiner. */
const inertMrkdwn = (t: string) => esc(t).replace(/\b(https?):/gi, '$1\u2060:');

function toBlocks(blocks: PresentedBlock[], o: { inert: boolean; error: boolean }): SlackBlock[] {
  const text = (t: string) => (o.inert ? inertMrkdwn(t) : esc(t));
  const out: SlackBlock[] = [];
  let notes: string[] = [];
  let first = true;
  const flushNotes = () => {
    if (notes.length > 0) out.push(...context(notes));
    notes = [];
  };
  for (const b of blocks) {
    if (b.kind !== 'note') flushNotes();
    switch (b.kind) {
      case 'heading':
        out.push(...header(b.text));
        break;
      case 'meta':
        out.push(
          ...context([
            [b.url && b.title ? mrkdwnLink(b.url, b.title) : '', esc(b.source), b.date].filter(Boolean).join(' · '),
          ]),
        );
        break;
      case 'paragraph': {
        const words = b.writtenBy ? inertMrkdwn(b.text) : text(b.text);
        const body = b.label ? `*${esc(b.label)}* ${words}` : words;
        out.push(...sections(o.error && first ? `:warning: ${body}` : body));
        break;
      }
      case 'bullets':
        out.push(
          ...sections(
            [
              `*${esc(b.label)}*`,
              ...b.items.map(
                (i) =>
                  `• ${i.term ? `*${esc(i.term)}*: ` : ''}${b.writtenBy ? inertMrkdwn(i.text) : esc(i.text)}${refMrkdwn(i.ref)}`,
              ),
            ].join('\n'),
          ),
        );
        break;
      case 'qa':
        out.push(
          ...sections(
            [
              `*${esc(b.label)}*`,
              ...b.items.map((q) => `*Q:* ${esc(q.question)}\n*A:* ${esc(q.answer)}${refMrkdwn(q.ref)}`),
            ].join('\n'),
          ),
        );
        break;
      case 'quote':
        out.push(...sections(o.inert ? `> ${text(b.segments.map((s) => s.text).join(''))}` : quoteMrkdwn(b.segments)));
        break;
      case 'answer-line':
        out.push(...sections(`*Answer:* ${esc(b.text)}`));
        break;
      case 'citation':
        out.push(...context([`— ${citationMrkdwn(b.citation)}`]));
        break;
      case 'items':
        if (b.items.every((i) => i.id)) {
          const lines = b.items.map(
            (i) => `• \`${esc(i.id!)}\` ${i.date} ${mrkdwnLink(i.url, i.title)} (${esc(i.source)})`,
          );
          out.push(...sections(lines.join('\n')));
        } else
          b.items.forEach((item, k) => {
            if (k > 0) out.push({ type: 'divider' });
            out.push(...digestItem(item));
          });
        break;
      case 'commands':
        out.push(...sections(b.items.map((c) => `• \`/govai ${esc(c.usage)}\` ${esc(c.description)}`).join('\n')));
        break;
      case 'note':
        notes.push(text(b.text));
        break;
      case 'divider':
        if (out.length > 0 && out.at(-1)!.type !== 'divider') out.push({ type: 'divider' });
        break;
      case 'actions':
        out.push({
          type: 'actions',
          elements: b.actions.map((a) => ({
            type: 'button' as const,
            action_id: OPEN_ARTICLE_ACTION_ID,
            text: { type: 'plain_text' as const, text: safePlain(a.label).slice(0, SLACK_LIMITS.buttonText) },
            url: a.url,
          })),
        });
        break;
    }
    if (b.kind === 'paragraph') first = false;
  }
  flushNotes();
  return out;
}

function digestItem(item: ItemView): SlackBlock[] {
  const lines = [`*${mrkdwnLink(item.url, item.title)}*`, `${esc(item.source)} · ${item.date}`];
  if (item.summary) lines.push(item.summaryBy ? inertMrkdwn(item.summary) : esc(item.summary));
  if (item.summary && item.summaryBy) lines.push(`_${esc(modelItemNote(item.summaryBy))}_`);
  if (item.alsoReportedBy?.length)
    lines.push(`_Also reported by ${item.alsoReportedBy.map((o) => mrkdwnLink(o.url, o.source)).join(', ')}_`);
  return sections(lines.join('\n'));
}

function quoteMrkdwn(segments: Segment[]): string {
  const strong = segments.find((s) => s.strong);
  return quoteWithAnswer(segments.map((s) => s.text).join(''), strong?.text).replace(/\n\*Answer:\* .*$/s, '');
}

/** The quote as a blockquote, with the answering span in bold when it is inside the quote. */
export function quoteWithAnswer(quote: string, answerText?: string): string {
  const q = esc(quote);
  const span = answerText?.trim() ? esc(answerText.trim()) : undefined;
  const at = span ? q.indexOf(span) : -1;
  const body = span && at >= 0 && !span.includes('*') ? `${q.slice(0, at)}*${span}*${q.slice(at + span.length)}` : q;
  const quoted = body
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return span && at < 0 ? `${quoted}\n*Answer:* ${span}` : quoted;
}
