import type { Citation } from '../../core/model.js';
import { HELP_FOOTER, QA_CAP, unknownCommandText } from '../../core/presentation/wording.js';
import { type Reply, triggerText } from '../../core/reply.js';
import {
  contentMessages,
  type DiscordEmbed,
  type DiscordPayload,
  type MentionType,
  packEmbeds,
  splitEmbed,
} from './embed-pack.js';
import { discordLink, escapeDiscord as md } from './escape.js';
import { EMBED_COLOR } from './limits.js';

export type { DiscordEmbed, DiscordPayload, MentionType } from './embed-pack.js';

export interface RenderOptions {
  /** Mention types allowed to ping (config `discord.allowedMentions`); default none. */
  allowedMentions?: readonly MentionType[];
}

/**
 * Renders a neutral reply as Discord message payloads (API JSON). The first payload answers; the rest are
 * follow-ups carrying whatever did not fit. Every payload carries `allowed_mentions`, so article text with
 * `@everyone` or `<@id>` pings no one.
 */
export function renderDiscord(reply: Reply, options: RenderOptions = {}): DiscordPayload[] {
  const mentions: DiscordPayload['allowed_mentions'] = {
    parse: [...(options.allowedMentions ?? [])],
    replied_user: false,
  };
  const embeds = (logical: DiscordEmbed[]) => packEmbeds(logical.flatMap(splitEmbed), mentions);
  switch (reply.kind) {
    case 'briefing':
      return embeds([briefingEmbed(reply.briefing)]);
    case 'answer': {
      const a = reply.answer;
      if (a.grounded) {
        // A model's verified answer: its short text (inert: no markdown, links or mentions), then every sentence
        // it cites verbatim from the briefing.
        const g = a.grounded;
        const lines = [inertMarkdown(g.text), ''];
        for (const s of g.sentences)
          lines.push(
            `> ${s.text
              .replace(/\n/g, ' ')
              .replace(/\b(https?):/gi, '$1\u2060:')
              .replace(/@(everyone|here)\b/gi, '@\u2060$1')}`,
            `— ${citationMarkdown(s.citation)}`,
          );
        const footer = [`Written by ${g.model}; every quote above is verbatim from the briefing.`];
        if (reply.trigger) footer.push(triggerText(reply.trigger));
        return embeds([
          { color: EMBED_COLOR.info, description: lines.join('\n'), footer: { text: footer.join(' · ') } },
        ]);
      }
      // Escaped first, then the span made bold: article text cannot add markdown of its own.
      const quoted = a.answerText ? md(a.quote).replace(md(a.answerText), `**${md(a.answerText)}**`) : md(a.quote);
      const lines = [
        quoted
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n'),
        `— ${citationMarkdown(a.citation)}`,
      ];
      const footer = a.support ? [a.support] : [];
      if (reply.trigger) footer.push(triggerText(reply.trigger));
      return embeds([
        {
          color: EMBED_COLOR.info,
          description: lines.join('\n'),
          ...(footer.length > 0 ? { footer: { text: footer.join(' · ') } } : {}),
        },
      ]);
    }
    case 'unknown':
      return contentMessages(reply.message, mentions);
    case 'digest': {
      const items = [...reply.digest.items, ...reply.digest.overflow];
      if (items.length === 0) return contentMessages(reply.emptyMessage, mentions);
      return embeds([
        {
          color: EMBED_COLOR.info,
          title: reply.title,
          ...(reply.intro ? { description: reply.intro } : {}),
          fields: items.map((item) => {
            const meta = [
              md(item.source),
              item.published.slice(0, 10),
              ...(item.url ? [`[link](${item.url})`] : []),
            ].join(' · ');
            const also = item.alsoReportedBy?.length
              ? `\nalso reported by ${item.alsoReportedBy.map((x) => md(x.source)).join(', ')}`
              : '';
            return { name: md(item.title), value: `${md(item.tldr)}\n${meta}${also}` };
          }),
        },
      ]);
    }
    case 'list':
      if (reply.items.length === 0) return contentMessages('No briefings yet.', mentions);
      return embeds([
        {
          color: EMBED_COLOR.info,
          title: 'Briefings',
          description: reply.items
            .map((i) => `\`${i.id}\` · ${i.published.slice(0, 10)} · ${discordLink(i.url, i.title)} (${md(i.source)})`)
            .join('\n'),
        },
      ]);
    case 'help': {
      const lines = reply.unknown ? [md(unknownCommandText(reply.unknown)), ''] : [];
      for (const c of reply.commands) lines.push(`**/govai ${c.usage}** — ${c.description}`);
      lines.push('', md(HELP_FOOTER));
      return embeds([{ color: EMBED_COLOR.info, title: 'govai commands', description: lines.join('\n') }]);
    }
    case 'notice':
      return contentMessages(reply.level === 'error' ? `Error: ${reply.message}` : reply.message, mentions);
  }
}

/** Model text as plain words: markdown escaped, URLs and @everyone/@here broken so nothing links or pings. */
function inertMarkdown(text: string): string {
  return text
    .replace(/([\\*_~`|>#[\]()<])/g, '\\$1')
    .replace(/@(everyone|here)\b/gi, '@\u2060$1')
    .replace(/\b(https?):/gi, '$1\u2060:');
}

function citationMarkdown(c: Citation): string {
  return `${discordLink(c.url, c.title)}${c.source ? ` (${md(c.source)})` : ''}, paragraph ${c.paragraph}`;
}

function briefingEmbed(b: Extract<Reply, { kind: 'briefing' }>['briefing']): DiscordEmbed {
  const lines: string[] = [];
  if (b.headline && b.headline !== b.title) lines.push(`*${md(b.headline)}*`, '');
  lines.push(`**TL;DR** ${md(b.tldr)}`);
  if (b.keyPoints.length > 0) {
    lines.push('', '**Key points**');
    for (const k of b.keyPoints) lines.push(`• ${md(k.text)} [¶${k.citation.paragraph}]`);
  }
  if (b.sections.length > 0) lines.push('', `**Sections:** ${b.sections.map((s) => md(s.heading)).join(' | ')}`);
  if (b.entities.length > 0) lines.push('', `**Names:** ${md(b.entities.join(', '))}`);
  const fields = b.glossary.map((g) => ({ name: g.term, value: `${md(g.definition)} [¶${g.citation.paragraph}]` }));
  for (const q of b.qa.slice(0, QA_CAP))
    fields.push({ name: `Q: ${q.question}`, value: `${md(q.answer)} [¶${q.citation.paragraph}]` });
  return {
    color: EMBED_COLOR.info,
    title: md(b.title),
    ...(b.url ? { url: b.url } : {}),
    description: lines.join('\n'),
    fields,
    footer: { text: `${b.source} · ${b.published.slice(0, 10)} · id: ${b.id}` },
  };
}
