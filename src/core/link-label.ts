// A link's visible text must not claim to be somewhere else. Article text ("[https://www.whitehouse.gov](https://evil
// .example)", a title written like a URL) is untrusted, so before it labels a link every adapter asks this: a label
// naming a host other than the link's own is deceptive, and is shown as text beside the real address instead.

// Hosts as people read them: a scheme or www. prefix, or a dotted name ending in a common top-level domain.
const HOSTISH =
  /\b(?:https?:\/\/|www\.)[^\s<>()[\]|"']+|\b(?:[a-z0-9-]+\.)+(?:com|gov|mil|org|net|edu|int|io|co|us|uk|eu|ai|info|biz|news|app|dev|me|tv|ly)\b/gi;

function hostOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .split(/[/?#:]/)[0]!
    .replace(/\.$/, '');
}

/** True when `label` names a host that is not `url`'s (or `url` is not a valid http(s) URL). */
export function isDeceptiveLabel(label: string, url: string): boolean {
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return true;
    host = u.hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return true;
  }
  for (const m of label.matchAll(HOSTISH)) {
    const named = hostOf(m[0]);
    if (named && named !== host && !host.endsWith(`.${named}`)) return true;
  }
  return false;
}
