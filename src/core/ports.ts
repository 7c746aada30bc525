// Small interfaces the core needs from the outside world. Adapters and the store implement them;
// tests use the in-memory versions below, not module mocks.

export type { Clock } from './time.js';

/** Cooldowns per (channel, term): a synchronous port so a SQLite store can back it directly. */
export interface CooldownStore {
  /** Epoch ms until which the key is cooling down, if any. */
  get(key: string): number | undefined;
  set(key: string, untilMs: number): void;
}

/** Platform event ids already handled (Slack retries, gateway replays). */
export interface SeenEvents {
  /** Records the id; returns false when it had been seen before. */
  firstSeen(id: string, nowMs: number): boolean;
}

/** Remembers which briefing the bot answered from in a thread, for follow-up questions. */
export interface ThreadMemory {
  get(threadKey: string): string | undefined;
  set(threadKey: string, briefingId: string): void;
}

export function memoryCooldowns(): CooldownStore {
  const map = new Map<string, number>();
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v) };
}

export function memorySeenEvents(max = 10_000): SeenEvents {
  const seen = new Set<string>();
  return {
    firstSeen(id) {
      if (seen.has(id)) return false;
      seen.add(id);
      // Bounded: drop the oldest ids (Set keeps insertion order).
      if (seen.size > max) seen.delete(seen.values().next().value as string);
      return true;
    },
  };
}

export function memoryThreads(max = 5_000): ThreadMemory {
  const map = new Map<string, string>();
  return {
    get: (k) => map.get(k),
    set(k, v) {
      map.set(k, v);
      if (map.size > max) map.delete(map.keys().next().value as string);
    },
  };
}
