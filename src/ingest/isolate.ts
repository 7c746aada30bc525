import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Article, Briefing } from '../core/model.js';
import type { ExtractedPage } from './extract.js';
import type { ParsedFeed } from './feed-items.js';
import type { HeavyTask } from './heavy-worker.js';

// Heavy work off the event loop, with a budget per item. Readability over a page of 4,000 nested <div>s runs for
// over a minute and a 100,000-item feed takes hundreds of MB: each runs in its own worker thread with a V8 heap cap
// (resourceLimits) and a wall-clock timeout that terminates the thread. Over budget, the item is refused with a
// message naming it; meanwhile the bot keeps answering. One short-lived worker per item (about 50 ms to start) keeps
// the isolation total: a worker that ran out of memory or time is thrown away, never reused.

export interface Budget {
  /** Wall-clock time for one item before its worker is terminated. */
  timeMs: number;
  /** V8 old-generation heap for one item's worker, in MB. */
  memoryMb: number;
}

export const DEFAULT_BUDGET: Budget = { timeMs: 15_000, memoryMb: 256 };

export class BudgetExceeded extends Error {
  constructor(
    readonly what: 'time' | 'memory',
    message: string,
  ) {
    super(message);
    this.name = 'BudgetExceeded';
  }
}

/** The refusal of an item still running when its time budget ran out. */
export function overTimeBudget(label: string, budget: Budget): BudgetExceeded {
  return new BudgetExceeded(
    'time',
    `${label} took longer than its budget of ${budget.timeMs / 1000} s to process; refused`,
  );
}

/** A worker's error as its caller sees it: out of memory is the item's memory budget refused, anything else as is. */
export function workerError(error: Error & { code?: string }, label: string, budget: Budget): Error {
  return error.code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? new BudgetExceeded(
        'memory',
        `${label} needed more than its memory budget of ${budget.memoryMb} MB to process; refused`,
      )
    : error;
}

const active = new Set<Worker>();
let stopping = false;

/** Terminates every running worker (shutdown: SIGTERM must not wait for a minute-long extraction). */
export async function terminateAllWorkers(): Promise<void> {
  stopping = true;
  try {
    await Promise.allSettled([...active].map((w) => w.terminate()));
  } finally {
    stopping = false;
  }
}

/** Counts a worker made elsewhere (briefing-pool.ts) among those SIGTERM terminates; returns its untrack. */
export function trackWorker(worker: Worker): () => void {
  active.add(worker);
  return () => active.delete(worker);
}

export function workerFile(): URL {
  // Compiled: heavy-worker.js sits next to this file. Under vitest (src/*.ts) the compiled copy in dist/ is used.
  const here = new URL('./heavy-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/ingest/heavy-worker.js', import.meta.url);
}

function run<T>(task: HeavyTask, label: string, budget: Budget): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(workerFile(), {
      workerData: task,
      resourceLimits: {
        maxOldGenerationSizeMb: budget.memoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, budget.memoryMb / 8)),
      },
      stdout: true,
      stderr: true,
    });
    active.add(worker);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      active.delete(worker);
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
            stopping
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
