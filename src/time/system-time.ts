import type { Time, TimerHandle } from '../core/time.js';

// The real time port, built once by the composition root (src/main.ts) and passed down. This folder, and the
// composition root, are the only places that touch the wall clock and Node's timers (tests/time.test.ts checks).

type NodeTimer = ReturnType<typeof setTimeout>;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

export const systemTime: Time = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
  timeout: (ms) => AbortSignal.timeout(ms),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle: TimerHandle | undefined) => clearTimeout(handle as NodeTimer | undefined),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle: TimerHandle | undefined) => clearInterval(handle as NodeTimer | undefined),
};
