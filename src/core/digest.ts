import { groupNearDuplicates } from './dedupe.js';
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
  /** Group near-duplicate stories into one item with `alsoReportedBy` (default true). */
  groupDuplicates?: boolean;
  /** Only briefings this filter lets through (a digest's `tags:` / `keywords:` in govai.config.yaml). */
  filter?: DigestFilter;
}

/**
 * Include / exclude lists: with an include list a briefing must match one of its values; any exclude match drops it.
 */
export interface IncludeExclude {
  include: readonly string[];
  exclude: readonly string[];
}

/** Each configured kind narrows the digest: a briefing passes its tags filter and its keywords filter. */
export interface DigestFilter {
  /** Matched against the briefing's tags, ignoring case. */
  tags?: IncludeExclude;
  /** Whole words or phrases, ignoring case, in the title, the briefing's keywords and tags, or its text. */
  keywords?: IncludeExclude;
}

/** Whether a briefing belongs in a digest with this filter. */
export function passesDigestFilter(briefing: Briefing, filter: DigestFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.tags) {
    const tags = new Set(briefing.tags.map((t) => t.toLowerCase()));
    const has = (t: string) => tags.has(t.toLowerCase());
    if (filter.tags.include.length > 0 && !filter.tags.include.some(has)) return false;
    if (filter.tags.exclude.some(has)) return false;
  }
  if (filter.keywords) {
    const text = [briefing.title, ...briefing.keywords, ...briefing.tags, ...briefing.paragraphs].join('\n');
    const has = (k: string) => phrasePattern(k).test(text);
    if (filter.keywords.include.length > 0 && !filter.keywords.include.some(has)) return false;
    if (filter.keywords.exclude.some(has)) return false;
  }
  return true;
}

const phrases = new Map<string, RegExp>();
/** "AI act" matches "the AI Act passed", not "AI actions": whole words, any spacing, ignoring case. */
function phrasePattern(phrase: string): RegExp {
  let re = phrases.get(phrase);
  if (!re) {
    const words = phrase
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
    if (phrases.size > 1_000) phrases.clear();
    phrases.set(phrase, re);
  }
  return re;
}

export const DEFAULT_DIGEST_MAX_ITEMS = 5;
export const DEFAULT_DIGEST_MAX_CHARS = 3_000;

/** Newest first, within a length budget. An empty digest is a normal result ("nothing new"). */
export function composeDigest(briefings: readonly Briefing[], options: DigestOptions = {}): Digest {
  const sinceMs = options.since ? Date.parse(options.since) : Number.NEGATIVE_INFINITY;
  const maxItems = options.maxItems ?? DEFAULT_DIGEST_MAX_ITEMS;
  const maxChars = options.maxChars ?? DEFAULT_DIGEST_MAX_CHARS;
  const recent = briefings
    // Inclusive: `--since 2026-11-20` includes a briefing published on 2026-11-20.
    .filter((b) => Date.parse(b.published) >= sinceMs && passesDigestFilter(b, options.filter))
    .sort((a, b) => Date.parse(b.published) - Date.parse(a.published) || a.id.localeCompare(b.id));
  const items: DigestItem[] = [];
  const overflow: DigestItem[] = [];
  let used = 0;
  for (const group of options.groupDuplicates === false ? recent.map((b) => [b]) : storyGroups(recent)) {
    // A story already delivered (any of its versions) is not news again when another outlet repeats it.
    if (options.exclude && group.some((b) => options.exclude?.has(b.id))) continue;
    const [b, ...others] = group as [Briefing, ...Briefing[]];
    const item: DigestItem = {
      briefingId: b.id,
      title: b.title,
      tldr: b.tldr,
      ...(b.url ? { url: b.url } : {}),
      source: b.source,
      published: b.published,
      ...(others.length > 0
        ? {
            alsoReportedBy: others.map((o) => ({
              source: o.source,
              ...(o.url ? { url: o.url } : {}),
              briefingId: o.id,
            })),
          }
        : {}),
    };
    const size =
      item.title.length +
      item.tldr.length +
      (item.url?.length ?? 0) +
      10 +
      others.reduce((n, o) => n + o.source.length + (o.url?.length ?? 0) + 4, 0);
    // The first item always fits so a digest is never empty because of one long TL;DR. Once one item
    // overflows, the rest follow it, so both parts stay newest first.
    if (overflow.length === 0 && items.length < maxItems && (items.length === 0 || used + size <= maxChars)) {
      items.push(item);
      used += size;
    } else overflow.push(item);
  }
  return { ...(options.since ? { since: options.since } : {}), items, overflow };
}

/**
 * Near-duplicate briefings (the same story from several outlets) as groups, newest group first. The first member
 * of each group is the earliest version (the original report); the others are listed as "also reported by".
 */
function storyGroups(newestFirst: readonly Briefing[]): Briefing[][] {
  const byId = new Map(newestFirst.map((b) => [b.id, b]));
  const groups = groupNearDuplicates(
    newestFirst.map((b) => ({ id: b.id, text: `${b.title}\n${b.paragraphs.join('\n')}` })),
  ).map((ids) =>
    ids
      .map((id) => byId.get(id)!)
      .sort((a, b) => Date.parse(a.published) - Date.parse(b.published) || a.id.localeCompare(b.id)),
  );
  // Keep newest-first order by each group's latest version, so a story repeated today is at the top.
  const latest = (g: Briefing[]) => Math.max(...g.map((b) => Date.parse(b.published)));
  return groups.sort((a, b) => latest(b) - latest(a) || a[0]!.id.localeCompare(b[0]!.id));
}
