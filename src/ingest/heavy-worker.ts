import { parentPort, workerData } from 'node:worker_threads';
import { buildBriefing } from '../core/briefing.js';
import type { Article } from '../core/model.js';
import { extractArticle } from './extract.js';
import { parseFeedItems } from './feed-items.js';

// Runs one heavy task (page extraction, feed parsing) in a worker thread, so a hostile page or a huge feed costs
// this thread's time and memory budget, never the bot's event loop. See isolate.ts for the budgets.

export type HeavyTask =
  | { kind: 'extract'; html: string; url: string }
  | { kind: 'feed'; text: string; url: string }
  | { kind: 'briefing'; article: Article };

const task = workerData as HeavyTask;
try {
  const result =
    task.kind === 'extract'
      ? extractArticle(task.html, task.url)
      : task.kind === 'feed'
        ? { ok: true as const, feed: parseFeedItems(task.text, task.url) }
        : { ok: true as const, briefing: buildBriefing(task.article) };
  parentPort?.postMessage({ ok: true, result });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: (error as Error).message });
}
