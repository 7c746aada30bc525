// Building a briefing (sentences, summary, glossary) inline on the event loop vs in a worker thread under the
// per-item budget (issue #11): what isolating an ordinary small briefing costs. Fresh worker per item (what a
// file over 100,000 characters gets) and, for the batch, one file after another.
import { benchArticle, dist, seedBody, timeIt } from '../lib/common.mjs';

export const name = 'briefing-worker';

export async function run() {
  const { buildBriefing } = await dist('core/briefing.js');
  const { buildBriefingInWorker } = await dist('ingest/isolate.js');
  const { createBriefingPool } = await dist('ingest/briefing-pool.js');
  const pool = createBriefingPool();
  const body = seedBody();
  const article = (i) => benchArticle(`b${i}`, `Story ${i}`, body);
  const rows = [];
  const inline = await timeIt(() => buildBriefing(article(0)), { max: 30 });
  const worker = await timeIt(() => buildBriefingInWorker(article(0), 'bench.md'), { max: 5 });
  const pooled = await timeIt(() => pool.build(article(0), 'bench.md'), { max: 30 });
  const n = 100;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) buildBriefing(article(i));
  const batchInline = (performance.now() - t0) / n;
  const t1 = performance.now();
  for (let i = 0; i < n; i++) await pool.build(article(i), `b${i}.md`);
  const batchPooled = (performance.now() - t1) / n;
  await pool.close();
  rows.push([
    `one briefing (${body.length.toLocaleString('en-US')} chars)`,
    inline.median.toFixed(1),
    worker.median.toFixed(1),
    pooled.median.toFixed(1),
  ]);
  rows.push([`${n} briefings one after another, per item`, batchInline.toFixed(1), '-', batchPooled.toFixed(1)]);
  return [
    {
      title: 'Building one small briefing, ms at the median (event loop blocked: the inline time; in a worker: ~0)',
      columns: ['what', 'inline', 'fresh worker per item', 'pooled worker (briefing-pool.ts)'],
      rows,
    },
  ];
}
