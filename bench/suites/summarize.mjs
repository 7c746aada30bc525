// Summarize time (median of repeated runs, warm) on the seed article and 1k/10k/100k-word documents,
// govai beside the npm summarizers a user might pick instead, on the same text, each system in its
// own process (see bench/lib/summarize-child.mjs for why).

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ms, ROOT, sourceArticles } from '../lib/common.mjs';

export const name = 'summarize';
/** Measures the npm summarizers in bench/package.json (installed by the runner on first use). */
export const peers = true;

function measure(system) {
  const out = execFileSync(process.execPath, [join(ROOT, 'bench', 'lib', 'summarize-child.mjs'), system], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

function row(r, notes) {
  const cells = r.results.map((x) => {
    if (x.skipped) {
      notes.push(
        `${r.label} at ${x.input}: skipped; it grows quadratically and ~${ms(x.projected)} was projected (cap 20 s).`,
      );
      return `skipped (~${ms(x.projected)} projected)`;
    }
    return `${ms(x.median)}${x.runs === 1 ? ' (1 run)' : ''}`;
  });
  const t10 = r.results[2]?.median;
  const t100 = r.results[3]?.median;
  return [r.label, ...cells, t10 && t100 ? `x${(t100 / t10).toFixed(0)}` : 'n/a'];
}

export async function run() {
  const { from } = sourceArticles();
  const notes = [];
  const systems = ['govai', 'govai-3', 'ns-frequency', 'ns-textrank', 'lexrank', 'ts-textrank'].map(measure);
  const splitters = ['split', 'wink-sbd'].map(measure);
  const columns = (first) => [first, ...systems[0].results.map((x) => x.input), 'growth 10k->100k'];
  return [
    {
      title: `Summarize: median wall time, warm, each system in its own process (documents generated from ${from})`,
      columns: columns('system'),
      rows: systems.map((r) => row(r, notes)),
      notes: [
        'Targets: seed < 1 ms, 10k words < 20 ms, 100k words < 250 ms.',
        'Peers summarize to 3 sentences. Each cell is the median of repeated runs after a warm-up; a run slower than the time budget is run once.',
        'Separate processes: loading lexrank patches built-in prototypes, which made every other system in the same process about 10x slower.',
        ...notes,
      ],
    },
    {
      title: 'Sentence splitting alone (building block of the above)',
      columns: columns('splitter'),
      rows: splitters.map((r) => row(r, notes)),
    },
  ];
}
