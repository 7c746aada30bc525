import type { DiscordPayload } from '../../src/adapters/discord/render.js';
import type { SlackMessage } from '../../src/adapters/slack/render.js';
import { unescapeMrkdwn } from '../../src/adapters/slack/escape.js';
import { teamsMessagesText, type TeamsMessage } from '../../src/adapters/teams/render.js';

// What a reader sees of each platform's rendering, as plain text: markup removed, escapes undone, links shown by
// their labels. Whitespace is normalised so the parity test compares words, not layout.

export const squashSpace = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Slack mrkdwn: `<url|label>` shows the label, `<url>` the address; *bold*, _italic_, `code`, > quote. */
export function slackVisible(messages: readonly SlackMessage[]): string {
  const texts: string[] = [];
  for (const m of messages)
    for (const b of m.blocks) {
      if (b.type === 'header') texts.push(b.text.text);
      if (b.type === 'section') texts.push(b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text));
      if (b.type === 'context') texts.push(...b.elements.map((e) => e.text));
      if (b.type === 'actions') texts.push(...b.elements.map((e) => e.text.text));
    }
  const visible = texts
    .map((t) =>
      t
        .replace(/<(https?:[^|>]+)\|([^>]*)>/g, '$2')
        .replace(/<(https?:[^>]+)>/g, '$1')
        .replace(/^> ?/gm, '')
        .replace(/(^|[\s(“"])[*_]+|[*_]+(?=[\s).,:;!?”"]|$)/gm, '$1')
        .replace(/`/g, ''),
    )
    .map((t) => unescapeMrkdwn(t).replace(/∗/g, '*'));
  return squashSpace(visible.join('\n'));
}

/** Discord markdown: masked links show their label; **, *, >, ` removed; backslash escapes hidden. */
export function discordVisible(payloads: readonly DiscordPayload[]): string {
  const parts: string[] = [];
  for (const p of payloads) {
    if (p.content) parts.push(p.content);
    for (const e of p.embeds ?? []) {
      if (e.title) parts.push(e.title);
      if (e.description) parts.push(e.description);
      for (const f of e.fields ?? []) parts.push(f.name, f.value);
      if (e.footer) parts.push(e.footer.text);
    }
  }
  const visible = parts.map((t) =>
    t
      .replace(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\((https?:[^)\s]+)\)/g, '$1')
      .replace(/<(https?:[^>]+)>/g, '$1')
      .replace(/^> ?/gm, '')
      .replace(/(?<!\\)\*+/g, '')
      .replace(/(?<!\\)`/g, '')
      .replace(/\\([\\*_~`|>#[\]()<-])/g, '$1')
      .replace(/\u2060/g, ''),
  );
  return squashSpace(visible.join('\n'));
}

/** Teams card markdown through the adapter's own cardMarkdownToText; _italic_ markers removed. */
export function teamsVisible(messages: readonly TeamsMessage[]): string {
  return squashSpace(teamsMessagesText(messages).replace(/(^|\s)_+|_+(?=\s|$)/g, '$1'));
}

/** Console text: ANSI styles removed, ** bold markers removed. */
export function consoleVisible(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are what this removes.
  return squashSpace(text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\*\*/g, ''));
}
