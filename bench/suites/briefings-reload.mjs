// Adding one briefing file to a folder of 10,000, end to end: the repository's reload (list the folder, stat every
// file, read and build only the new one, update the shared index and library) until the new briefing is searchable.
// The ask suite measures the library step alone; this is what `govai add`, `/govai add` and a feed item wait for.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, ms, percentile } from '../lib/common.mjs';

export const name = 'briefings-reload';

const COUNT = 10_000;
const ADDS = 5;
const TOPICS = ['cloud', 'procurement', 'identity', 'weather', 'treasury', 'defense'];

const file = (id, title, body) =>
  `---\nid: ${id}\ntitle: ${title}\nsource: bench wire\npublished: 2026-11-20\n---\n\n${body}\n`;

export async function run() {
  const { createBriefingRepository } = await dist('sources/repository.js');
  const dir = mkdtempSync(join(tmpdir(), 'govai-bench-reload-'));
  try {
    for (let i = 0; i < COUNT; i++) {
      const t = TOPICS[i % TOPICS.length];
      writeFileSync(
        join(dir, `b-${i}.md`),
        file(`b-${i}`, `Agency ${t} update ${i}`, `The ${t} office number ${i} announced a review of contracts.`),
      );
    }
    const repo = createBriefingRepository({ dir });
    let t0 = performance.now();
    await repo.reload();
    const first = performance.now() - t0;
    const adds = [];
    for (let k = 0; k < ADDS; k++) {
      writeFileSync(
        join(dir, `added-${k}.md`),
        file(`added-${k}`, `Zeppelin procurement notice ${k}`, `The zeppelin office ${k} announced a review.`),
      );
      t0 = performance.now();
      await repo.reload();
      const hit = repo.library().ask(`What did the zeppelin office ${k} announce?`);
      adds.push(performance.now() - t0);
      if (!repo.library().get(`added-${k}`)) throw new Error(`added-${k} is not served after the reload`);
      if (hit.kind !== 'answer') throw new Error(`added-${k} is not answered from after the reload`);
    }
    return [
      {
        title: `Adding one briefing file to a folder of ${COUNT.toLocaleString('en-US')}: reload until it is searchable`,
        columns: ['briefings', 'first load', `add one: median of ${ADDS}`, 'worst', 'each'],
        rows: [
          [
            COUNT.toLocaleString('en-US'),
            ms(first),
            ms(percentile(adds, 50)),
            ms(Math.max(...adds)),
            adds.map((a) => ms(a)).join(' / '),
          ],
        ],
        notes: [
          'Each add: write the file, reload (list, stat every file, read and build only the changed one, index and library step), then one question answered from it.',
          'Hot reload waits a 250 ms quiet period after the last file event before this (editors write in bursts).',
        ],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
