import type { Citation, DigestItem } from '../../core/model.js';
import { HELP_FOOTER, moreStoriesText, QA_CAP, unknownCommandText } from '../../core/presentation/wording.js';
import { type Reply, triggerText } from '../../core/reply.js';
import {
  context,
  header,
  packMessages,
  sections,
  type Continuation,
  type SlackBlock,
  type SlackMessage,
} from './blocks.js';
import { escapeMrkdwn as esc, mrkdwnLink } from './escape.js';

// Block Kit rendering of the neutral Reply. Pure: the same reply always gives the same messages.
// All article text goes through escapeMrkdwn, so nothing from a briefing can ping or inject a link.

export type { SlackBlock, SlackMessage } from './blocks.js';

export interface RenderOptions {
  /** Where parts after the first go: thread replies (channel posts) or follow-up messages (response_url). */
  continuation?: Continuation;
}

/** One or more messages; more than one only when the content exceeds one message's limits. */
export function renderSlack(reply: Reply, options: RenderOptions = {}): SlackMessage[] {
  const continuation = options.continuation ?? 'follow-up';
  const { blocks, fallback, more = [] } = renderBlocks(reply, continuation);
  return packMessages([blocks, ...(more.length > 0 ? [more] : [])], fallback, continuation);
}

/** `--format slack` for the CLI: the messages as Slack would receive them. */
export function renderSlackJson(reply: Reply): string {
  return JSON.stringify(renderSlack(reply), null, 2);
}

export function citationMrkdwn(c: Citation): string {
  return `${mrkdwnLink(c.url, c.title)}${c.source ? ` (${esc(c.source)})` : ''}, paragraph ${c.paragraph}`;
}

/** `blocks` start the first message; `more` (a digest's overflow) always starts a new one. */
function renderBlocks(
  reply: Reply,
  continuation: Continuation,
): { blocks: SlackBlock[]; fallback: string; more?: SlackBlock[] } {
  switch (reply.kind) {
    case 'briefing': {
      const b = reply.briefing;
      const blocks: SlackBlock[] = [
        ...header(b.headline),
        ...context([
          `${esc(b.source)} · ${b.published.slice(0, 10)}${b.url ? ` · ${mrkdwnLink(b.url, 'original article')}` : ''}`,
        ]),
        ...sections(`*TL;DR* ${esc(b.tldr)}`),
      ];
      if (b.keyPoints.length > 0) {
        blocks.push(
          ...sections(
            ['*Key points*', ...b.keyPoints.map((k) => `• ${esc(k.text)} _[¶${k.citation.paragraph}]_`)].join('\n'),
          ),
        );
      }
      if (b.glossary.length > 0) {
        blocks.push(
          ...sections(
            [
              '*Glossary*',
              ...b.glossary.map((g) => `• *${esc(g.term)}*: ${esc(g.definition)} _[¶${g.citation.paragraph}]_`),
            ].join('\n'),
          ),
        );
      }
      if (b.qa.length > 0) {
        blocks.push(
          ...sections(
            [
              '*Q&amp;A*',
              ...b.qa
                .slice(0, QA_CAP)
                .map((q) => `*Q:* ${esc(q.question)}\n*A:* ${esc(q.answer)} _[¶${q.citation.paragraph}]_`),
            ].join('\n'),
          ),
        );
      }
      const footer = [b.entities.length > 0 ? `Names: ${esc(b.entities.join(', '))}` : '', `id: \`${esc(b.id)}\``];
      if (b.sections.length > 0) footer.unshift(`Sections: ${esc(b.sections.map((s) => s.heading).join(' | '))}`);
      blocks.push(...context(footer));
      return { blocks, fallback: `${esc(b.headline)}: ${esc(b.tldr)}` };
    }
    case 'answer': {
      const a = reply.answer;
      if (a.grounded) {
        // A model's verified answer: its short text, then every sentence it cites verbatim from the briefing.
        const g = a.grounded;
        // Model and article text never link: a bare URL is broken (word joiner) so Slack does not auto-link it.
        const inert = (t: string) => esc(t).replace(/\b(https?):/gi, '$1\u2060:');
        const blocks: SlackBlock[] = [...sections(inert(g.text))];
        for (const s of g.sentences)
          blocks.push(...sections(`> ${inert(s.text)}`), ...context([`— ${citationMrkdwn(s.citation)}`]));
        blocks.push(
          ...context([
            `Written by ${esc(g.model)}; every quote above is verbatim from the briefing.`,
            reply.trigger ? esc(triggerText(reply.trigger)) : '',
          ]),
        );
        return { blocks, fallback: inert(g.text) };
      }
      const blocks: SlackBlock[] = [
        ...sections(quoteWithAnswer(a.quote, a.answerText)),
        ...context([`— ${citationMrkdwn(a.citation)}`]),
      ];
      const why = reply.trigger ? esc(triggerText(reply.trigger)) : '';
      blocks.push(...context([why, a.support ? esc(a.support) : '']));
      return {
        blocks,
        fallback: `${esc(a.answerText ?? a.quote)} — ${esc(a.citation.title)}, paragraph ${a.citation.paragraph}`,
      };
    }
    case 'unknown':
      return { blocks: sections(esc(reply.message)), fallback: esc(reply.message) };
    case 'digest': {
      const d = reply.digest;
      if (d.items.length === 0 && d.overflow.length === 0) {
        return {
          blocks: [...header(reply.title), ...sections(esc(reply.emptyMessage))],
          fallback: esc(reply.emptyMessage),
        };
      }
      const count = d.items.length + d.overflow.length;
      const blocks: SlackBlock[] = [
        ...header(reply.title),
        ...(reply.intro ? context([esc(reply.intro)]) : []),
        ...d.items.flatMap(digestItem),
      ];
      const fallback = `${esc(reply.title)}: ${count} ${count === 1 ? 'briefing' : 'briefings'}`;
      if (d.overflow.length === 0) return { blocks, fallback };
      // The core chose what belongs up front; the overflow continues in its own message (the thread, for posts).
      blocks.push(...context([`_${moreStoriesText(d.overflow.length, continuation)}_`]));
      return { blocks, fallback, more: d.overflow.flatMap(digestItem) };
    }
    case 'list': {
      if (reply.items.length === 0) return { blocks: sections('No briefings yet.'), fallback: 'No briefings yet.' };
      const lines = reply.items.map(
        (i) => `• \`${esc(i.id)}\` ${i.published.slice(0, 10)} ${mrkdwnLink(i.url, i.title)} (${esc(i.source)})`,
      );
      return {
        blocks: [...header('Briefings'), ...sections(lines.join('\n'))],
        fallback: `${reply.items.length} briefing(s)`,
      };
    }
    case 'help': {
      const lines = reply.commands.map((c) => `• \`/govai ${esc(c.usage)}\` ${esc(c.description)}`);
      const blocks: SlackBlock[] = [];
      if (reply.unknown) blocks.push(...sections(esc(unknownCommandText(reply.unknown))));
      blocks.push(...sections(['*govai commands*', ...lines].join('\n')));
      blocks.push(...context([esc(HELP_FOOTER)]));
      return { blocks, fallback: 'govai commands: summary, ask, digest, list, help' };
    }
    case 'notice': {
      const text = reply.level === 'error' ? `:warning: ${esc(reply.message)}` : esc(reply.message);
      return { blocks: sections(text), fallback: esc(reply.message) };
    }
  }
}

function digestItem(item: DigestItem): SlackBlock[] {
  const lines = [
    `*${mrkdwnLink(item.url, item.title)}*`,
    `${esc(item.source)} · ${item.published.slice(0, 10)}`,
    esc(item.tldr),
  ];
  if (item.alsoReportedBy?.length)
    lines.push(`_Also reported by ${item.alsoReportedBy.map((o) => mrkdwnLink(o.url, o.source)).join(', ')}_`);
  return sections(lines.join('\n'));
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
