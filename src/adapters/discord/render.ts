import type { Citation } from '../../core/model.js';
import type { ParagraphRef, PresentedBlock } from '../../core/presentation/model.js';
import { present } from '../../core/presentation/present.js';
import { modelItemNote } from '../../core/presentation/wording.js';
import type { Reply } from '../../core/reply.js';
import {
  contentMessages,
  type DiscordEmbed,
  type DiscordPayload,
  type EmbedField,
  type LinkButtonRow,
  type MentionType,
  packEmbeds,
  splitEmbed,
} from './embed-pack.js';
import { discordLink, escapeDiscord as md } from './escape.js';
import { EMBED_COLOR } from './limits.js';

export type { DiscordEmbed, DiscordPayload, MentionType } from './embed-pack.js';

// Discord rendering of the core's presentation (src/core/presentation/present.ts decides what is shown; this maps
// it to embeds within limits.ts): the title links to the article, citations [¶n] link to it when it has a URL,
// sections are separated by blank lines, small print goes to the one footer, and "Open article" is a link button.

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
  // One message thread of embeds: a digest's overflow follows in the same reply, no "next message" to announce.
  const p = present(reply, { continuation: 'inline' });
  const blocks = p.parts.flat();
  const plainOnly =
    reply.kind === 'unknown' ||
    reply.kind === 'notice' ||
    !blocks.some((b) => b.kind !== 'heading' && b.kind !== 'paragraph');
  if (plainOnly && reply.kind !== 'help') {
    const text = blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : [])).join('\n\n');
    return contentMessages(p.tone === 'error' ? `Error: ${text}` : text, mentions);
  }
  const grounded = reply.kind === 'answer' && reply.answer.grounded !== undefined;
  const { embed, buttons } = toEmbed(blocks, grounded);
  const payloads = packEmbeds(splitEmbed(embed), mentions);
  if (buttons) payloads[payloads.length - 1]!.components = [buttons];
  return payloads;
}

/** Model text as plain words: markdown escaped, URLs and @everyone/@here broken so nothing links or pings. */
function inertMarkdown(text: string): string {
  return text
    .replace(/([\\*_~`|>#[\]()<])/g, '\\$1')
    .replace(/@(everyone|here)\b/gi, '@\u2060$1')
    .replace(/\b(https?):/gi, '$1\u2060:');
}

function citationMarkdown(c: Pick<Citation, 'title' | 'url' | 'source' | 'paragraph'>): string {
  return `${discordLink(c.url, c.title)}${c.source ? ` (${md(c.source)})` : ''}, paragraph ${c.paragraph}`;
}

function refMarkdown(ref: ParagraphRef | undefined): string {
  if (!ref) return '';
  return ref.url ? ` [\\[¶${ref.paragraph}\\]](${ref.url})` : ` \\[¶${ref.paragraph}\\]`;
}

function toEmbed(blocks: PresentedBlock[], grounded: boolean): { embed: DiscordEmbed; buttons?: LinkButtonRow } {
  const embed: DiscordEmbed = { color: EMBED_COLOR.info };
  const lines: string[] = [];
  const fields: EmbedField[] = [];
  const footer: string[] = [];
  let buttons: LinkButtonRow | undefined;
  const text = (t: string) => (grounded ? inertMarkdown(t) : md(t));
  const section = (...ls: string[]) => {
    if (lines.length > 0 && lines.at(-1) !== '') lines.push('');
    lines.push(...ls);
  };
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        if (embed.title === undefined) {
          embed.title = md(b.text);
          if (b.url) embed.url = b.url;
        } else section(`**${md(b.text)}**`);
        break;
      case 'meta':
        footer.unshift(`${b.source} · ${b.date}`);
        break;
      case 'paragraph':
        section(
          b.label
            ? `**${md(b.label)}** ${b.writtenBy ? inertMarkdown(b.text) : text(b.text)}`
            : b.writtenBy
              ? inertMarkdown(b.text)
              : text(b.text),
        );
        break;
      case 'bullets':
        if (b.items.some((i) => i.term))
          for (const i of b.items)
            fields.push({ name: i.term ?? b.label, value: `${md(i.text)}${refMarkdown(i.ref)}` });
        else
          section(
            `**${md(b.label)}**`,
            ...b.items.map((i) => `• ${b.writtenBy ? inertMarkdown(i.text) : md(i.text)}${refMarkdown(i.ref)}`),
          );
        break;
      case 'qa':
        for (const q of b.items)
          fields.push({ name: `Q: ${q.question}`, value: `${md(q.answer)}${refMarkdown(q.ref)}` });
        break;
      case 'quote': {
        const body = b.segments
          .map((s) => (grounded ? text(s.text.replace(/\n/g, ' ')) : s.strong ? `**${md(s.text)}**` : md(s.text)))
          .join('');
        section(...body.split('\n').map((l) => `> ${l}`));
        break;
      }
      case 'answer-line':
        lines.push(`**Answer:** ${md(b.text)}`);
        break;
      case 'citation':
        lines.push(`— ${citationMarkdown(b.citation)}`);
        break;
      case 'items':
        if (b.items.every((i) => i.id))
          section(...b.items.map((i) => `\`${i.id}\` · ${i.date} · ${discordLink(i.url, i.title)} (${md(i.source)})`));
        else
          for (const item of b.items) {
            const meta = [md(item.source), item.date, ...(item.url ? [`[Open article](${item.url})`] : [])].join(' · ');
            const also = item.alsoReportedBy?.length
              ? `\nalso reported by ${item.alsoReportedBy.map((x) => md(x.source)).join(', ')}`
              : '';
            const summary = item.summary
              ? item.summaryBy
                ? `${inertMarkdown(item.summary)}\n*${md(modelItemNote(item.summaryBy))}*\n`
                : `${md(item.summary)}\n`
              : '';
            fields.push({ name: md(item.title), value: `${summary}${meta}${also}` });
          }
        break;
      case 'commands':
        section(...b.items.map((c) => `**/govai ${md(c.usage)}** — ${md(c.description)}`));
        break;
      case 'note':
        // Footers show plain text (no markdown, no mentions); an intro before any content stays in the body.
        if (lines.length === 0 && fields.length === 0 && footer.length === 0) lines.push(md(b.text));
        else footer.push(b.text);
        break;
      case 'divider':
        break;
      case 'actions':
        buttons = { type: 1, components: b.actions.map((a) => ({ type: 2, style: 5, label: a.label, url: a.url })) };
        break;
    }
  }
  if (lines.length > 0) embed.description = lines.join('\n').trim();
  if (fields.length > 0) embed.fields = fields;
  if (footer.length > 0) embed.footer = { text: footer.join(' · ') };
  return { embed, ...(buttons ? { buttons } : {}) };
}
