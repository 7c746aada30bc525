import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';

// What every heavy-work worker shares (isolate.ts, worker-pool.ts): the budget per item, its refusals, the compiled
// worker file, and the set of running workers that a stopping bot terminates.

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
export function overTimeBudget(label: string, budget: Pick<Budget, 'timeMs'>): BudgetExceeded {
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

/** The heap caps of a worker for one item's budget. */
export function resourceLimits(budget: Budget) {
  return {
    maxOldGenerationSizeMb: budget.memoryMb,
    maxYoungGenerationSizeMb: Math.min(64, Math.max(8, budget.memoryMb / 8)),
  };
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

/** Whether terminateAllWorkers is under way (a worker that exits now was stopped, not broken). */
export const shuttingDown = (): boolean => stopping;

let started = 0;

/** Counts a worker among those SIGTERM terminates; returns its untrack. */
export function trackWorker(worker: Worker): () => void {
  started++;
  active.add(worker);
  return () => active.delete(worker);
}

/** Workers started by this process so far (each costs its start-up: the warm one is there to keep this low). */
export const workersStarted = (): number => started;

export function workerFile(): URL {
  // Compiled: heavy-worker.js sits next to this file. Under vitest (src/*.ts) the compiled copy in dist/ is used.
  const here = new URL('./heavy-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/ingest/heavy-worker.js', import.meta.url);
}
