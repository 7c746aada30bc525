import type { Briefing, Digest, DigestItem } from './model.js';

export interface DigestOptions {
  /** ISO date or date-time: only briefings published after it. */
  since?: string;
  /** At most this many items in the first message; the rest go to `overflow`. */
  maxItems?: number;
  /** Character budget for the first message's items (title + TL;DR + link). */
  maxChars?: number;
  /** Leave these briefings out (already delivered to this destination). */
  exclude?: ReadonlySet<string>;
}

export const DEFAULT_DIGEST_MAX_ITEMS = 5;
export const DEFAULT_DIGEST_MAX_CHARS = 3_000;

/** Newest first, within a length budget. An empty digest is a normal result ("nothing new"). */
export function composeDigest(briefings: readonly Briefing[], options: DigestOptions = {}): Digest {
  const sinceMs = options.since ? Date.parse(options.since) : Number.NEGATIVE_INFINITY;
  const maxItems = options.maxItems ?? DEFAULT_DIGEST_MAX_ITEMS;
  const maxChars = options.maxChars ?? DEFAULT_DIGEST_MAX_CHARS;
  const fresh = briefings
    .filter((b) => Date.parse(b.published) > sinceMs && !options.exclude?.has(b.id))
    .sort((a, b) => Date.parse(b.published) - Date.parse(a.published) || a.id.localeCompare(b.id));
  const items: DigestItem[] = [];
  const overflow: DigestItem[] = [];
  let used = 0;
  for (const b of fresh) {
    const item: DigestItem = {
      briefingId: b.id,
      title: b.title,
      tldr: b.tldr,
      ...(b.url ? { url: b.url } : {}),
      source: b.source,
      published: b.published,
    };
    const size = item.title.length + item.tldr.length + (item.url?.length ?? 0) + 10;
    // The first item always fits so a digest is never empty because of one long TL;DR.
    if (items.length < maxItems && (items.length === 0 || used + size <= maxChars)) {
      items.push(item);
      used += size;
    } else overflow.push(item);
  }
  return { ...(options.since ? { since: options.since } : {}), items, overflow };
}
