import type { Article, Briefing } from '../core/model.js';
import { type Budget, DEFAULT_BUDGET } from './worker-budget.js';
import { createWorkerPool } from './worker-pool.js';

// Every briefing of the running bot built off the event loop, under the per-item budget, on one long-lived worker
// (worker-pool.ts): it loads the modules once, and an item costs its build plus copying the result back.

export interface BriefingPool {
  build(article: Article, file: string): Promise<Briefing>;
  close(): Promise<void>;
}

export function createBriefingPool(budget: Budget = DEFAULT_BUDGET): BriefingPool {
  const pool = createWorkerPool(budget);
  return {
    build: async (article, file) =>
      (await pool.run<{ briefing: Briefing }>({ kind: 'briefing', article }, `the briefing file ${file}`)).briefing,
    close: () => pool.close(),
  };
}
