import { splitText } from '../../core/presentation/split.js';
import { DISCORD_LIMITS as L } from './limits.js';

// Plain Discord API JSON (snake_case), so rendering stays pure and testable without discord.js.
export type MentionType = 'users' | 'roles' | 'everyone';
export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}
export interface DiscordEmbed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: EmbedField[];
  footer?: { text: string };
}
/** A row of link buttons (type 1 action row of type 2 style 5 buttons): Discord opens the URL, no interaction. */
export interface LinkButtonRow {
  type: 1;
  components: Array<{ type: 2; style: 5; label: string; url: string }>;
}
export interface DiscordPayload {
  content?: string;
  embeds?: DiscordEmbed[];
  components?: LinkButtonRow[];
  allowed_mentions: { parse: MentionType[]; replied_user: false };
}

/** A masked link `[label](url)` (label escapes included): never split across two fields or embeds. */
const MASKED_LINK = /(?<!\\)\[(?:\\.|[^\]\\])*\]\(<?https?:[^)\s]*>?\)/g;
const split = (text: string, max: number) => splitText(text, max, { atomic: MASKED_LINK });

export function embedSize(e: DiscordEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/**
 * Turns one logical embed (any length) into embeds that each respect Discord's limits: a long title moves
 * in full into the description, a long description continues in further embeds, a long field value
 * continues in "(cont.)" fields, and fields spill into further embeds (25 per embed, 6,000 characters).
 */
export function splitEmbed(logical: DiscordEmbed): DiscordEmbed[] {
  let title = logical.title;
  let description = logical.description ?? '';
  if (title && title.length > L.title) {
    description = `**${title}**\n${description}`;
    title = `${title.slice(0, L.title - 1)}…`;
  }
  const fields: EmbedField[] = [];
  for (const f of logical.fields ?? []) {
    const name = f.name.length > L.fieldName ? `${f.name.slice(0, L.fieldName - 1)}…` : f.name || '\u200b';
    split(f.value || '\u200b', L.fieldValue).forEach((value, i) => {
      fields.push({
        name: i === 0 ? name : `${name.slice(0, L.fieldName - 9)} (cont.)`,
        value,
        ...(f.inline ? { inline: true } : {}),
      });
    });
  }
  const footer = logical.footer ? { text: logical.footer.text.slice(0, L.footer) } : undefined;
  const base = { ...(logical.color !== undefined ? { color: logical.color } : {}) };
  const out: DiscordEmbed[] = [];
  const descriptions = description ? split(description, L.description) : [];
  descriptions.forEach((d, i) => {
    out.push({
      ...base,
      ...(i === 0 && title ? { title } : {}),
      ...(i === 0 && logical.url ? { url: logical.url } : {}),
      description: d,
    });
  });
  if (out.length === 0)
    out.push({ ...base, ...(title ? { title } : {}), ...(logical.url ? { url: logical.url } : {}) });
  // Room left for the footer on the last embed.
  const budget = L.embedTotal - (footer?.text.length ?? 0);
  let current = out[out.length - 1]!;
  for (const field of fields) {
    const size = field.name.length + field.value.length;
    if ((current.fields?.length ?? 0) >= L.fields || embedSize(current) + size > budget) {
      current = { ...base };
      out.push(current);
    }
    current.fields = [...(current.fields ?? []), field];
  }
  if (footer) out[out.length - 1]!.footer = footer;
  return out;
}

/** Groups embeds into messages of at most 10 embeds and 6,000 characters. */
export function packEmbeds(embeds: DiscordEmbed[], mentions: DiscordPayload['allowed_mentions']): DiscordPayload[] {
  const messages: DiscordPayload[] = [];
  let group: DiscordEmbed[] = [];
  let size = 0;
  for (const e of embeds) {
    const n = embedSize(e);
    if (group.length > 0 && (group.length >= L.embedsPerMessage || size + n > L.embedTotal)) {
      messages.push({ embeds: group, allowed_mentions: mentions });
      group = [];
      size = 0;
    }
    group.push(e);
    size += n;
  }
  if (group.length > 0) messages.push({ embeds: group, allowed_mentions: mentions });
  return messages;
}

export function contentMessages(text: string, mentions: DiscordPayload['allowed_mentions']): DiscordPayload[] {
  return split(text, L.content).map((content) => ({ content, allowed_mentions: mentions }));
}

/** Everything a user sees in a payload, as plain text (for tests, logs and the contract driver). */
export function payloadText(p: DiscordPayload): string {
  const parts: string[] = [];
  if (p.content) parts.push(p.content);
  for (const e of p.embeds ?? []) {
    if (e.title) parts.push(e.title);
    if (e.description) parts.push(e.description);
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
    if (e.footer) parts.push(e.footer.text);
  }
  // What a reader sees: Discord hides the backslash of an escaped markdown character.
  return parts.join('\n').replace(/\\([\\*_~`|>#[\]()<-])/g, '$1');
}
