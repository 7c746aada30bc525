// Duplicate detection, pure: canonical URLs (the same link is never ingested twice) and text similarity
// (the same story from two outlets is grouped). Similarity is Jaccard over word shingles, estimated with
// MinHash and bucketed with LSH bands so grouping stays near-linear on a large library.

/** Query parameters that only track the click, never select the content. */
const TRACKING_PARAMS =
  /^(?:utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|ref_src)$/i;

/**
 * The canonical form of an http(s) URL: lower-case scheme and host, no default port, no fragment, no tracking
 * parameters, remaining parameters sorted, no trailing slash on the path. Returns undefined for a non-URL.
 */
export function canonicalUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.username = '';
  url.password = '';
  // URL already lower-cases the scheme and host and drops default ports; a trailing dot on the host is the same host.
  url.hostname = url.hostname.replace(/\.$/, '');
  const kept = [...url.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k));
  kept.sort(([a, av], [b, bv]) => a.localeCompare(b) || av.localeCompare(bv));
  url.search = '';
  for (const [k, v] of kept) url.searchParams.append(k, v);
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  let out = url.toString();
  if (url.pathname === '/' && url.search === '') out = out.replace(/\/$/, '');
  return out;
}

/** Lower-case word tokens (letters and digits), punctuation and case ignored so re-edited copies still match. */
export function tokens(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Hashed word k-shingles of a text (k words in a row). A text shorter than k words gives one shingle. */
export function shingles(text: string, k = 4): Set<number> {
  const words = tokens(text);
  const out = new Set<number>();
  if (words.length === 0) return out;
  if (words.length < k) {
    out.add(fnv1a(words.join(' ')));
    return out;
  }
  for (let i = 0; i + k <= words.length; i++) out.add(fnv1a(words.slice(i, i + k).join(' ')));
  return out;
}

/** Exact Jaccard similarity of two shingle sets (0..1). */
export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Text similarity of two documents: Jaccard of their word shingles. */
export function textSimilarity(a: string, b: string, k = 4): number {
  return jaccard(shingles(a, k), shingles(b, k));
}

const HASHES = 64;
const BANDS = 16;
const ROWS = HASHES / BANDS;
// Fixed odd multipliers and offsets: deterministic signatures, so groups are stable across restarts.
const SEEDS = Array.from(
  { length: HASHES },
  (_, i) => [(Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0, Math.imul(i + 7, 0x85ebca6b) >>> 0] as const,
);

/** A MinHash signature of a shingle set: HASHES minimums of independent hash permutations. */
export function minhash(set: ReadonlySet<number>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const x of set) {
    for (let i = 0; i < HASHES; i++) {
      const [a, b] = SEEDS[i]!;
      const h = mix((Math.imul(x, a) + b) >>> 0);
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

export interface DedupeDoc {
  id: string;
  text: string;
}

/** Default: share at least half of their shingles. Rewritten copies of one wire story land well above it. */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;

/**
 * Groups documents whose texts are near-duplicates (Jaccard >= threshold). Candidate pairs come from MinHash LSH
 * (16 bands of 4 rows), then each pair is confirmed with the exact Jaccard. Returns groups of ids in input order;
 * documents with no near-duplicate form singleton groups.
 */
export function groupNearDuplicates(docs: readonly DedupeDoc[], threshold = NEAR_DUPLICATE_THRESHOLD): string[][] {
  const sets = docs.map((d) => shingles(d.text));
  const parent = docs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const buckets = new Map<string, number[]>();
  sets.forEach((set, i) => {
    if (set.size === 0) return;
    const sig = minhash(set);
    for (let band = 0; band < BANDS; band++) {
      const key = `${band}:${Array.from(sig.subarray(band * ROWS, band * ROWS + ROWS)).join(',')}`;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
  });
  const checked = new Set<number>();
  for (const list of buckets.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!;
        const j = list[y]!;
        const pair = i * docs.length + j;
        if (checked.has(pair)) continue;
        checked.add(pair);
        if (find(i) !== find(j) && jaccard(sets[i]!, sets[j]!) >= threshold) parent[find(j)] = find(i);
      }
    }
  }
  const groups = new Map<number, string[]>();
  docs.forEach((d, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(d.id);
    else groups.set(root, [d.id]);
  });
  return [...groups.values()];
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// murmur3's finalizer: spreads the bits of the linear hash so the permutations behave independently.
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
