import { parentPort, workerData } from 'node:worker_threads';
import { extractArticle } from './extract.js';
import { parseFeedItems } from './feed-items.js';

// Runs one heavy task (page extraction, feed parsing) in a worker thread, so a hostile page or a huge feed costs
// this thread's time and memory budget, never the bot's event loop. See isolate.ts for the budgets.

export type HeavyTask = { kind: 'extract'; html: string; url: string } | { kind: 'feed'; text: string; url: string };

const task = workerData as HeavyTask;
try {
  const result =
    task.kind === 'extract'
      ? extractArticle(task.html, task.url)
      : { ok: true as const, feed: parseFeedItems(task.text, task.url) };
  parentPort?.postMessage({ ok: true, result });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: (error as Error).message });
}
