// The one time port. Everything that reads the clock, waits or schedules a callback takes a `Time`; the
// composition root (src/main.ts) passes the real one (src/time/system-time.ts), tests pass a manual one
// (tests/helpers/manual-time.ts) and move it forward, so no unit test waits on the wall clock.
// The core only declares the shape: it never reads the clock or starts a timer itself.

/** A pending callback; `unref` lets a waiting timer not keep a stopping process alive. */
export interface TimerHandle {
  unref?(): unknown;
}

export interface Time {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * Resolves after `ms`; an aborted signal rejects with its reason (an `AbortError` by default). It keeps the
   * process alive, as a CLI waiting out a Retry-After must; a wait that must not (the running bot's backoffs)
   * is `backgroundSleep(time)`.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * A signal that aborts after `ms` with a `TimeoutError`, as `AbortSignal.timeout` does (and, like it, never keeps
   * the process alive): a time limit handed to I/O that takes a signal, such as the bot's limit on a model answer.
   */
  timeout(ms: number): AbortSignal;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
  setInterval(callback: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle | undefined): void;
}

/** The clock part alone, for code that only reads the time (the bot's cooldowns, stores). */
export type Clock = Time['now'];

/** A sleep that never keeps a stopping process alive (the delivery it was retrying stays owed for the next start). */
export function backgroundSleep(time: Time): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      time.setTimeout(resolve, ms).unref?.();
    });
}
