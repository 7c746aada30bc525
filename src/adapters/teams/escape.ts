import { isDeceptiveLabel } from '../../core/link-label.js';

// Article and model text is untrusted. In a Teams Adaptive Card TextBlock it could become:
// - a link: `[label](url)` or a bare `https://...` that the client autolinks;
// - a mention: `<at>name</at>` (Teams resolves mentions only through `msteams.entities`, which govai never sends
//   for article text; the tag is defused anyway so a copy into a message cannot ping);
// - formatting: `**`, `_`, `#`, list markers.
// A word joiner (U+2060, invisible) breaks each of those sequences without changing what the reader sees.

const WJ = '\u2060';

export function escapeCardText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/([*_`~])/g, '\\$1')
    .replace(/\[/g, `[${WJ}`)
    .replace(/\]\(/g, `]${WJ}(`)
    .replace(/<(?=\/?\s*at\b|[!@#\w])/gi, `<${WJ}`)
    .replace(/:\/\//g, `:${WJ}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${WJ}.`)
    .replace(/@(here|channel|everyone|team)\b/gi, `@${WJ}$1`)
    .replace(/^(\s*)([#>+-]|\d+\.)(?=\s)/gm, `$1${WJ}$2`);
}

/**
 * A markdown link when the URL is a plain http(s) URL that cannot break out of `(...)`; escaped text otherwise. A
 * label naming another host (a title written like a URL) stays text, followed by the real address as its own link.
 */
export function cardLink(url: string | undefined, label: string): string {
  const safe = escapeCardText(label);
  if (!url || !/^https?:\/\/[^\s()<>[\]]+$/i.test(url)) return safe;
  if (isDeceptiveLabel(label, url)) return `${safe} ([${url}](${url}))`;
  return `[${safe.replace(/\]/g, ')')}](${url})`;
}

/**
 * Visible text of escaped card markdown (for tests and text fallbacks): joiners and escapes removed, links as labels.
 */
export function cardMarkdownToText(md: string): string {
  return md
    .replace(/\[([^\]]*)\]\((https?:[^)]*)\)/g, '$1')
    .replace(/(?<!\\)\*\*/g, '')
    .replace(/\\([\\*_`~])/g, '$1')
    .replace(/\u2060/g, '');
}
