import type { DigestConfig } from '../config/file-schema.js';
import { composeDigest } from '../core/digest.js';
import { type SummaryCachePort, withModelDigest } from '../core/grounded/bot-model.js';
import type { Library } from '../core/library.js';
import type { Digest } from '../core/model.js';
import type { Reply } from '../core/reply.js';
import type { Clock } from '../core/ports.js';
import type { DeliveryLog, DeliveryRecord } from '../store/delivery-log.js';

// What a destination gets from a digest run: the briefings it has not received (nor been promised) since its
// baseline, and the reply for exactly those ids, rebuilt the same on every retry. Composition is memoized per library
// version, since the destinations of one digest usually share their history. Sending lives in digest-run.ts.

/** Beyond maxItems, at most this many items go to the follow-up; the rest wait for the next run (still owed). */
export const MAX_OVERFLOW_ITEMS = 20;
const DAY_MS = 86_400_000;

/** What planning reads: the delivery log, the library, the clock and how far back a first digest reaches. */
export interface PlanDeps {
  deliveries: DeliveryLog;
  library: () => Library;
  clock: Clock;
  digestDays: number;
}

/**
 * What the next run would send this destination. Records the destination's baseline unless `dryRun` (which writes
 * nothing).
 */
export function planDigest(
  deps: PlanDeps,
  digest: DigestConfig,
  destination: string,
  options: { dryRun?: boolean; atMs?: number } = {},
): { briefingIds: string[]; reply: Reply } {
  const proposed = (options.atMs ?? deps.clock()) - deps.digestDays * DAY_MS;
  const sinceMs = options.dryRun
    ? (deps.deliveries.peekBaseline(digest.id, destination) ?? proposed)
    : deps.deliveries.baseline(digest.id, destination, proposed);
  // Owed first, then delivered: a row marked sent between the two reads is then in one of them (delivery-bulk.ts).
  const owed = deps.deliveries.owedIds(digest.id, destination);
  const exclude = new Set([...owed, ...deps.deliveries.deliveredIds(digest.id, destination)]);
  const library = deps.library();
  const briefingIds = planFrom(library, digest, sinceMs, exclude);
  return { briefingIds, reply: digestReply(library, digest, briefingIds) };
}

/**
 * planDigest for every destination of a slot at once, from one bulk read (deliveries.planState) and one bulk
 * baseline write: a few statements per slot instead of several per destination (each a round trip on PostgreSQL).
 * Destinations with a row for this slot already are left out (the caller decides about them). Run in a batch.
 */
export function planSlot(
  deps: PlanDeps,
  digest: DigestConfig,
  slot: string,
  destinations: readonly string[],
  atMs: number,
): { existing: Map<string, DeliveryRecord>; plans: Map<string, string[]> } {
  const state = deps.deliveries.planState(digest.id, slot, destinations);
  const existing = new Map<string, DeliveryRecord>();
  const proposed = new Map<string, number>();
  for (const [destination, s] of state) {
    if (s.existing) existing.set(destination, s.existing);
    else if (s.baseline === undefined) proposed.set(destination, atMs - deps.digestDays * DAY_MS);
  }
  const stored = proposed.size > 0 ? deps.deliveries.baselines(digest.id, proposed) : new Map<string, number>();
  const library = deps.library();
  const plans = new Map<string, string[]>();
  for (const [destination, s] of state) {
    if (s.existing) continue;
    const sinceMs = s.baseline ?? stored.get(destination);
    if (sinceMs === undefined) throw new Error(`no digest baseline stored for ${destination}`);
    plans.set(destination, planFrom(library, digest, sinceMs, new Set([...s.delivered, ...s.owed])));
  }
  return { existing, plans };
}

function planFrom(library: Library, digest: DigestConfig, sinceMs: number, exclude: ReadonlySet<string>): string[] {
  // Destinations of one digest usually share their history, so one composition serves them all.
  const filter = {
    ...(digest.tags ? { tags: digest.tags } : {}),
    ...(digest.keywords ? { keywords: digest.keywords } : {}),
  };
  const key = `plan\n${digest.id}\n${digest.maxItems}\n${sinceMs}\n${JSON.stringify(filter)}\n${[...exclude].sort().join(',')}`;
  return memoized(library, key, () => {
    const composed = library.digest({
      since: new Date(sinceMs).toISOString(),
      maxItems: digest.maxItems,
      exclude: new Set(exclude),
      filter,
    });
    const items = [...composed.items, ...composed.overflow].slice(0, digest.maxItems + MAX_OVERFLOW_ITEMS);
    return items.flatMap((i) => [i.briefingId, ...(i.alsoReportedBy ?? []).map((a) => a.briefingId)]);
  });
}

/** The reply for exactly these briefings; a retry rebuilds the same message from the ids recorded at claim time. */
export function digestReply(library: Library, digest: DigestConfig, briefingIds: readonly string[]): Reply {
  return memoized(
    library,
    `reply\n${digest.id}\n${digest.maxItems}\n${digest.title ?? ''}\n${digest.intro ?? ''}\n${briefingIds.join(',')}`,
    () => {
      const briefings = briefingIds.map((id) => library.get(id)).filter((b) => b !== undefined);
      const composed: Digest = composeDigest(briefings, { maxItems: digest.maxItems });
      return {
        kind: 'digest',
        title: digest.title ?? `govai digest: ${digest.id}`,
        ...(digest.intro ? { intro: digest.intro } : {}),
        digest: composed,
        emptyMessage: 'Nothing new since the last digest.',
      };
    },
  );
}

/**
 * The model's cached TL;DRs on a digest reply (items without one keep the offline TL;DR and are asked for in the
 * background). Applied outside digestReply's memo, so a summary that became ready since the last run is used.
 */
export function withCachedTldrs(summaries: SummaryCachePort | undefined, reply: Reply, library: Library): Reply {
  if (!summaries || reply.kind !== 'digest') return reply;
  return { ...reply, digest: withModelDigest({ summaries }, reply.digest, library) };
}

// Per library version (a reload makes a new Library, and with it a fresh cache); bounded.
const memo = new WeakMap<Library, Map<string, unknown>>();
const MEMO_MAX = 500;

function memoized<T>(library: Library, key: string, make: () => T): T {
  let cache = memo.get(library);
  if (!cache) {
    cache = new Map();
    memo.set(library, cache);
  }
  if (cache.has(key)) return cache.get(key) as T;
  const value = make();
  if (cache.size >= MEMO_MAX) cache.clear();
  cache.set(key, value);
  return value;
}
