import { isDeceptiveLabel } from '../../core/link-label.js';

// Slack mrkdwn escaping. Article text is untrusted: `<!channel>`, `<!here>`, `<@U123>` and `<url|label>` are
// control sequences only when written with raw `<` and `>`, so escaping &, < and > makes them inert text.
// Plain `@here`/`@channel` words do not notify without `link_names`, which govai never sets; a zero-width
// joiner after the `@` keeps them inert even if a client or future API default linkifies them.

const BROADCAST_WORD = /@(here|channel|everyone)\b/gi;

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(BROADCAST_WORD, '@\u2060$1');
}

/**
 * For plain_text objects (header, button). Slack does not parse them for mentions, but a word joiner after
 * `<` keeps even a copy of the text into a mrkdwn context from becoming `<!channel>` or `<@U...>`.
 */
export function safePlain(text: string): string {
  return text.replace(/<(?=[!@#\w])/g, '<\u2060').replace(BROADCAST_WORD, '@\u2060$1');
}

/**
 * A mrkdwn link when the URL is a plain http(s) URL that cannot break out of `<...|...>`; escaped text otherwise.
 * A label that names another host (a title written like a URL) never labels the link: it stays text, followed by
 * the real address, so what a reader sees is where the link goes.
 */
export function mrkdwnLink(url: string | undefined, label: string): string {
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!url || !/^https?:\/\/[^\s<>|]+$/i.test(url)) return safeLabel;
  const href = url.replace(/&/g, '&amp;');
  if (isDeceptiveLabel(label, url)) return `${safeLabel} (<${href}>)`;
  return `<${href}|${safeLabel}>`;
}

/** Undoes escapeMrkdwn, for tests and for flattening rendered messages back to visible text. */
export function unescapeMrkdwn(text: string): string {
  return text
    .replace(/\u2060/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
