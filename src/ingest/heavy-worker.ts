import { parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../core/model.js';

// Runs one heavy task (page extraction, feed parsing) in a worker thread, so a hostile page or a huge feed costs
// this thread's time and memory budget, never the bot's event loop. See isolate.ts for the budgets.
// Each kind imports only what it uses: a worker that runs one item alone (isolate.ts, while the warm one is busy)
// would otherwise load everything (linkedom, Readability, feedsmith and the NLP model), about 1 s of CPU, most of it
// for modules the task never touched; the warm worker (worker-pool.ts) loads each kind's once.

export type HeavyTask =
  | { kind: 'extract'; html: string; url: string }
  | { kind: 'feed'; text: string; url: string }
  | { kind: 'briefing'; article: Article };

async function runTask(task: HeavyTask) {
  return task.kind === 'extract'
    ? (await import('./extract.js')).extractArticle(task.html, task.url)
    : task.kind === 'feed'
      ? { ok: true as const, feed: (await import('./feed-items.js')).parseFeedItems(task.text, task.url) }
      : { ok: true as const, briefing: (await import('../core/briefing.js')).buildBriefing(task.article) };
}

const data = workerData as HeavyTask | { pool: true };
if ('pool' in data) {
  // A pooled worker (briefing-pool.ts): one task after another, each answered with its id. Thrown away by the pool
  // when a task runs over its time or memory budget.
  parentPort?.on('message', async ({ id, task }: { id: number; task: HeavyTask }) => {
    try {
      parentPort?.postMessage({ id, ok: true, result: await runTask(task) });
    } catch (error) {
      parentPort?.postMessage({ id, ok: false, message: (error as Error).message });
    }
  });
} else {
  try {
    parentPort?.postMessage({ ok: true, result: await runTask(data) });
  } catch (error) {
    parentPort?.postMessage({ ok: false, message: (error as Error).message });
  }
}
