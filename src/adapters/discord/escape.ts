import { isDeceptiveLabel } from '../../core/link-label.js';

// Discord markdown escaping. Article text is untrusted: `[label](url)` would become a masked link whose label lies,
// `**`, `__`, `||`, `#` and `>` would restyle the message. A backslash before every markdown character makes them
// literal (Discord hides the backslash). Bare URLs still auto-link, which is truthful: their label is the address.
// Pings are stopped separately: allowed_mentions on every payload (article @everyone stays visible text).

const MARKDOWN = /([\\*_~`|>#[\]()<-])/g;

export function escapeDiscord(text: string): string {
  return text.replace(MARKDOWN, '\\$1');
}

/** A masked link with an escaped label; a label naming another host stays text beside the real address. */
export function discordLink(url: string | undefined, label: string): string {
  const safe = escapeDiscord(label);
  if (!url || !/^https?:\/\/[^\s<>()]+$/i.test(url)) return safe;
  if (isDeceptiveLabel(label, url)) return `${safe} (<${url}>)`;
  return `[${safe}](${url})`;
}
