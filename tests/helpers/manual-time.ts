import type { Time, TimerHandle } from '../../src/core/time.js';

// A time port that moves only when the test says so. `advance(ms)` runs every timer that falls due, in order of
// due time (then of creation), letting the promises they resolve settle between timers, so a retry loop that
// sleeps, retries and sleeps again runs to the end inside one `advance`. Nothing here waits on the wall clock.

interface Pending {
  id: number;
  due: number;
  callback: () => void;
  every?: number;
}

export interface ManualTime extends Time {
  /** Every `sleep` asked for, in order (what a test asserts a Retry-After against). */
  readonly sleeps: number[];
  /** Moves the clock forward, running the timers that fall due. */
  advance(ms: number): Promise<void>;
  /** Advances until no timer is pending (or `limitMs` has passed); for code whose waits a test does not count. */
  runAll(limitMs?: number): Promise<void>;
  /** How many timers are pending. */
  pending(): number;
}

/** Lets awaiting code run: a few macrotask turns, so fetches on 127.0.0.1 and chained promises settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** What `AbortSignal.timeout` aborts with. */
function timeoutReason(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

export interface ManualTimeOptions {
  /** Epoch ms the clock starts at. */
  startMs?: number;
  /**
   * Jump to the next due timer on its own whenever one is pending, as an idle event loop would, instead of waiting
   * for `advance`: for tests of code that sleeps between network calls (a Retry-After, a backoff) where the test
   * cares that, and how long, it waited, but not at which moment to move the clock.
   */
  auto?: boolean;
}

export function manualTime(options: ManualTimeOptions = {}): ManualTime {
  const startMs = options.startMs ?? Date.parse('2026-11-20T09:00:00Z');
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, Pending>();
  const sleeps: number[] = [];

  const schedule = (callback: () => void, ms: number, every?: number): TimerHandle & { id: number } => {
    const id = nextId++;
    timers.set(id, { id, due: now + Math.max(0, ms), callback, every });
    if (options.auto) kick();
    return { id, unref: () => undefined };
  };
  const cancel = (handle: TimerHandle | undefined) => {
    if (handle && 'id' in handle) timers.delete((handle as { id: number }).id);
  };
  const nextDue = () => [...timers.values()].sort((a, b) => a.due - b.due || a.id - b.id)[0] as Pending | undefined;

  let running = false;
  const kick = () => {
    if (running) return;
    running = true;
    void (async () => {
      try {
        // One-shot timers only: an interval is always pending and would spin the clock forever.
        const nextOnce = () =>
          [...timers.values()].filter((t) => !t.every).sort((a, b) => a.due - b.due || a.id - b.id)[0];
        for (let due = nextOnce(); due; due = nextOnce()) {
          await settle();
          const first = nextOnce();
          if (first) await time.advance(Math.max(0, first.due - now));
        }
      } finally {
        running = false;
      }
    })();
  };

  const time: ManualTime = {
    sleeps,
    now: () => now,
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((resolve, reject) => {
        const abort = () => {
          cancel(handle);
          reject(signal?.reason ?? Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
        };
        if (signal?.aborted) return abort();
        const handle = schedule(() => {
          signal?.removeEventListener('abort', abort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', abort, { once: true });
      });
    },
    timeout(ms) {
      // Aborts when the clock passes `ms`, with the reason AbortSignal.timeout gives, so code cannot tell them apart.
      const controller = new AbortController();
      schedule(() => controller.abort(timeoutReason()), ms);
      return controller.signal;
    },
    setTimeout: (callback, ms) => schedule(callback, ms),
    clearTimeout: cancel,
    setInterval: (callback, ms) => schedule(callback, ms, Math.max(1, ms)),
    clearInterval: cancel,
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        const due = nextDue();
        if (!due || due.due > target) break;
        now = Math.max(now, due.due);
        if (due.every) due.due += due.every;
        else timers.delete(due.id);
        due.callback();
        await settle();
      }
      now = target;
      await settle();
    },
    async runAll(limitMs = 24 * 3_600_000) {
      const end = now + limitMs;
      await settle();
      for (let due = nextDue(); due && due.due <= end; due = nextDue()) await time.advance(due.due - now);
    },
    pending: () => timers.size,
  };
  return time;
}
