import { Worker } from 'node:worker_threads';
import type { Article, Briefing } from '../core/model.js';
import type { ExtractedPage } from './extract.js';
import type { ParsedFeed } from './feed-items.js';
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
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

export {
  type Budget,
  BudgetExceeded,
  DEFAULT_BUDGET,
  terminateAllWorkers,
  workersStarted,
} from './worker-budget.js';

// Heavy work off the event loop, with a budget per item. Readability over a page of 4,000 nested <div>s runs for
// over a minute and a 100,000-item feed takes hundreds of MB: each runs in a worker thread with a V8 heap cap
// (resourceLimits) and a wall-clock timeout that terminates the thread. Over budget, the item is refused with a
// message naming it; meanwhile the bot keeps answering.
// Items go to one warm worker while it is free (worker-pool.ts: a fresh worker costs 0.3-0.5 s of start-up per item
// here), and to a fresh one of their own while it is busy, so a hostile item running out its budget never holds
// the others up. A worker that ran out of memory or time is thrown away, never reused.

let warm: WorkerPool | undefined;

/** The warm worker for this budget's heap cap, if it is free (a new one when none is, or its cap differs). */
function freeWarmWorker(budget: Budget): WorkerPool | undefined {
  if (warm && warm.budget.memoryMb !== budget.memoryMb && !warm.busy()) {
    void warm.close();
    warm = undefined;
  }
  warm ??= createWorkerPool(budget);
  return warm.budget.memoryMb === budget.memoryMb && !warm.busy() ? warm : undefined;
}

function run<T>(task: HeavyTask, label: string, budget: Budget): Promise<T> {
  const pool = freeWarmWorker(budget);
  return pool ? pool.run<T>(task, label, budget.timeMs) : runAlone<T>(task, label, budget);
}

/** One task on a worker of its own, thrown away after it. */
function runAlone<T>(task: HeavyTask, label: string, budget: Budget): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(workerFile(), {
      workerData: task,
      resourceLimits: resourceLimits(budget),
      stdout: true,
      stderr: true,
    });
    const untrack = trackWorker(worker);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      untrack();
      fn();
      void worker.terminate().catch(() => undefined);
    };
    const timer = setTimeout(() => finish(() => reject(overTimeBudget(label, budget))), budget.timeMs);
    timer.unref();
    worker.once('message', (message: { ok: true; result: T } | { ok: false; message: string }) =>
      finish(() => (message.ok ? resolve(message.result) : reject(new Error(message.message)))),
    );
    worker.once('error', (error: Error & { code?: string }) => finish(() => reject(workerError(error, label, budget))));
    worker.once('exit', (code) =>
      finish(() =>
        reject(
          new Error(
            shuttingDown()
              ? `${label} was not processed: the bot is shutting down`
              : `${label} could not be processed (worker exited with code ${code})`,
          ),
        ),
      ),
    );
  });
}

export type ExtractOutcome = { ok: true; page: ExtractedPage } | { ok: false; message: string };

/** `extractArticle` in a worker under the budget. */
export function extractInWorker(html: string, url: string, budget: Budget = DEFAULT_BUDGET): Promise<ExtractOutcome> {
  return run<ExtractOutcome>({ kind: 'extract', html, url }, `the page ${url}`, budget).catch((error: Error) => ({
    ok: false,
    message: error.message,
  }));
}

/** `parseFeedItems` in a worker under the budget; throws an Error with a readable message (as parseFeedItems does). */
export async function parseFeedInWorker(
  text: string,
  url: string,
  budget: Budget = DEFAULT_BUDGET,
): Promise<ParsedFeed> {
  const r = await run<{ ok: true; feed: ParsedFeed }>({ kind: 'feed', text, url }, `the feed ${url}`, budget);
  return r.feed;
}

/**
 * `buildBriefing` in a worker under the budget, for articles too long to build on the event loop (the repository
 * decides which: see HEAVY_ARTICLE_CHARS in src/sources/repository.ts). Throws BudgetExceeded naming the file.
 */
export async function buildBriefingInWorker(
  article: Article,
  file: string,
  budget: Budget = DEFAULT_BUDGET,
): Promise<Briefing> {
  const r = await run<{ ok: true; briefing: Briefing }>(
    { kind: 'briefing', article },
    `the briefing file ${file}`,
    budget,
  );
  return r.briefing;
}
