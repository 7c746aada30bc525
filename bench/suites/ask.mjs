// Ask latency over libraries of 10, 1,000, 10,000 and 100,000 briefings: index build time, p50/p90 per question
// (first pass: each question asked once; the second pass repeats them, warm caches) and peak memory,
// each size in its own process, beside a no-index word-overlap scan over every sentence.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ms, ROOT } from '../lib/common.mjs';

export const name = 'ask';

function measure(count, system) {
  const out = execFileSync(process.execPath, [join(ROOT, 'bench', 'lib', 'ask-child.mjs'), String(count), system], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

export async function run() {
  const rows = [];
  const updates = [];
  for (const count of [10, 1_000, 10_000, 100_000]) {
    for (const system of ['govai', 'scan']) {
      const r = measure(count, system);
      rows.push([
        system === 'govai'
          ? 'govai ask (search top 20 + sentence answerer + fitted rank and gate)'
          : 'peer: overlap scan of every sentence, no index',
        count.toLocaleString('en-US'),
        ms(r.buildMs),
        ms(r.firstP50),
        ms(r.firstCpuP50),
        ms(r.firstP90),
        ms(r.againP50),
        `${r.answered}/${r.questions}`,
        `${r.maxRssMb.toFixed(0)} MB`,
      ]);
      if (r.addIncrementalMs !== undefined)
        updates.push([count.toLocaleString('en-US'), ms(r.addIncrementalMs), ms(r.addWorstMs), ms(r.addFullMs)]);
    }
  }
  return [
    {
      title: 'Ask: latency per question, index build, peak memory (each size in a fresh process)',
      columns: [
        'system',
        'briefings',
        'build',
        'p50 first',
        'p50 first CPU',
        'p90 first',
        'p50 again',
        'answered',
        'peak RSS',
      ],
      rows,
      notes: [
        'Target: ask over 10,000 briefings < 3 ms at p50.',
        'Briefings: the SQuAD dev paragraphs then 4-sentence CNN paragraphs (cycled with new ids past the pool); 400 SQuAD questions.',
        '"first": each question asked for the first time (the library prepares every briefing\'s sentences when built; the winning sentence\'s NLP analysis happens here and is then cached); "again": the same questions once more.',
        '"CPU": the process\'s CPU time for the question (process.cpuUsage), less moved than wall time by other work on a shared machine.',
        'Peak RSS includes Node itself and the NLP model (about 100 MB at 10 briefings).',
        'Target (issue 16): ask over 100,000 briefings < 10 ms at p50.',
      ],
    },
    {
      title: 'Adding one briefing until it is searchable: incremental index against a full rebuild',
      columns: ['briefings', 'incremental (shared index), median of 5', 'worst of the 5', 'full rebuild'],
      rows: updates,
      notes: [
        'Target (issue 16): under 50 ms at 10,000 briefings.',
        'The library step only (src/core/search-index.ts: add/discard of the briefings that changed); the briefings-reload suite measures the whole reload of a folder (list, stats, the one changed file read).',
      ],
    },
  ];
}
