import { Worker } from 'node:worker_threads';
import type { Article, Briefing } from '../core/model.js';
import { type Budget, DEFAULT_BUDGET, overTimeBudget, trackWorker, workerError, workerFile } from './isolate.js';

// Every briefing built off the event loop, under the per-item budget. A fresh worker per item (isolate.ts) costs
// its start-up, module graph included: about 3 s per item on this 2-core machine under load, against about 50 ms to
// build a small briefing inline (npm run bench, briefing-worker). So briefings go through one long-lived worker,
// one after another: it loads the modules once, and an item costs its build plus copying the result back. The
// budget stays per item: a build over its time is ended by terminating the worker (the next item gets a new one),
// and the worker's heap cap (resourceLimits) is the memory budget; a worker that ran out is thrown away too.

export interface BriefingPool {
  build(article: Article, file: string): Promise<Briefing>;
  close(): Promise<void>;
}

type Answer = { id: number; ok: true; result: { briefing: Briefing } } | { id: number; ok: false; message: string };

export function createBriefingPool(budget: Budget = DEFAULT_BUDGET): BriefingPool {
  let worker: Worker | undefined;
  let untrack: (() => void) | undefined;
  let queue: Promise<unknown> = Promise.resolve();
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
      resourceLimits: {
        maxOldGenerationSizeMb: budget.memoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, budget.memoryMb / 8)),
      },
      stdout: true,
      stderr: true,
    });
    untrack = trackWorker(w);
    w.unref();
    return w;
  };

  const one = (article: Article, file: string): Promise<Briefing> =>
    new Promise<Briefing>((resolve, reject) => {
      worker ??= spawnWorker();
      const w = worker;
      const id = ++seq;
      const label = `the briefing file ${file}`;
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
        finish(() => (m.ok ? resolve(m.result.briefing) : reject(new Error(m.message))), true);
      };
      const onError = (error: Error & { code?: string }) =>
        finish(() => reject(workerError(error, label, budget)), false);
      const onExit = (code: number) =>
        finish(() => reject(new Error(`${label} could not be processed (worker exited with code ${code})`)), false);
      const timer = setTimeout(() => finish(() => reject(overTimeBudget(label, budget)), false), budget.timeMs);
      timer.unref();
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.ref();
      w.postMessage({ id, task: { kind: 'briefing', article } });
    });

  return {
    build(article, file) {
      const run = queue.then(
        () => one(article, file),
        () => one(article, file),
      );
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      drop();
    },
  };
}
