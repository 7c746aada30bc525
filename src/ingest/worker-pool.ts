import { Worker } from 'node:worker_threads';
import type { HeavyTask } from './heavy-worker.js';
import {
  type Budget,
  DEFAULT_BUDGET,
  overTimeBudget,
  resourceLimits,
  shuttingDown,
  trackWorker,
  workerError,
  workerFile,
} from './worker-budget.js';

// One long-lived heavy-work worker, tasks one after another. A fresh worker per item costs its start-up and module
// graph (linkedom, Readability, feedsmith, the NLP model): 0.3-0.5 s per item on this 2-core machine under load, up
// to 3 s for a briefing (npm run bench, briefing-worker), against milliseconds for the work itself. The budget stays
// per item: a task over its time is ended by terminating the worker (the next task gets a new one), and the
// worker's heap cap (resourceLimits) is the memory budget; a worker that ran out is thrown away too, never reused.

export interface WorkerPool {
  /** Runs `task` after the tasks before it; refused (the worker ended) past `timeMs` (default: the pool's budget). */
  run<T>(task: HeavyTask, label: string, timeMs?: number): Promise<T>;
  /** A task is running or waiting: a caller that must not queue behind it uses a worker of its own. */
  busy(): boolean;
  readonly budget: Budget;
  close(): Promise<void>;
}

type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };

export function createWorkerPool(budget: Budget = DEFAULT_BUDGET): WorkerPool {
  let worker: Worker | undefined;
  let untrack: (() => void) | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let seq = 0;

  const drop = () => {
    const w = worker;
    worker = undefined;
    untrack?.();
    if (w) void w.terminate().catch(() => undefined);
  };

  const spawnWorker = (): Worker => {
    const w = new Worker(workerFile(), {
      workerData: { pool: true },
      resourceLimits: resourceLimits(budget),
      stdout: true,
      stderr: true,
    });
    untrack = trackWorker(w);
    // Terminated while idle (a stopping bot ends every worker): the next task starts a new one.
    w.once('exit', () => {
      if (worker !== w) return;
      worker = undefined;
      untrack?.();
    });
    w.unref();
    return w;
  };

  const one = <T>(task: HeavyTask, label: string, timeMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      worker ??= spawnWorker();
      const w = worker;
      const id = ++seq;
      let done = false;
      const finish = (fn: () => void, keep: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
        if (!keep) drop();
        fn();
      };
      const onMessage = (m: Answer) => {
        if (m.id !== id) return;
        finish(() => (m.ok ? resolve(m.result as T) : reject(new Error(m.message))), true);
      };
      const onError = (error: Error & { code?: string }) =>
        finish(() => reject(workerError(error, label, budget)), false);
      const onExit = (code: number) =>
        finish(
          () =>
            reject(
              new Error(
                shuttingDown()
                  ? `${label} was not processed: the bot is shutting down`
                  : `${label} could not be processed (worker exited with code ${code})`,
              ),
            ),
          false,
        );
      const timer = setTimeout(() => finish(() => reject(overTimeBudget(label, { timeMs })), false), timeMs);
      timer.unref();
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.ref();
      w.postMessage({ id, task });
    });

  return {
    budget,
    run<T>(task: HeavyTask, label: string, timeMs = budget.timeMs) {
      pending++;
      // Not busy any more by the time the caller sees the result, so its next task can come straight back here.
      const run = queue
        .then(
          () => one<T>(task, label, timeMs),
          () => one<T>(task, label, timeMs),
        )
        .then(
          (value) => {
            pending--;
            return value;
          },
          (error: unknown) => {
            pending--;
            throw error;
          },
        );
      queue = run.catch(() => undefined);
      return run;
    },
    busy: () => pending > 0,
    async close() {
      drop();
    },
  };
}
