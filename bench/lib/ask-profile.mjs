// Profiles the ask path the way the bench builds its library (bench/lib/ask-child.mjs):
//   node bench/lib/ask-profile.mjs <briefings> [profile.cpuprofile|-] [answers.jsonl]
// Builds the library, asks the bench's questions twice, prints per-question CPU time (process.cpuUsage, so a
// busy machine inflates it less than wall time) and, with a file name, writes a V8 CPU profile of the asks only.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dist, percentile } from './common.mjs';
import { benchLibrary } from './ask-input.mjs';

const count = Number(process.argv[2] ?? 10_000);
const out = process.argv[3] && process.argv[3] !== '-' ? process.argv[3] : undefined;
const answersFile = process.argv[4];
const { briefings, asked } = await benchLibrary(count);
const { createLibrary } = await dist('core/library.js');
const { createSearchIndex } = await dist('core/search-index.js');
const c0 = process.cpuUsage();
const t0 = performance.now();
const library = createLibrary(briefings, createSearchIndex());
const buildMs = performance.now() - t0;
const buildCpu = process.cpuUsage(c0);
const session = new Session();
if (out) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}
const pass = () =>
  asked.map((q) => {
    const c = process.cpuUsage();
    const s = performance.now();
    const r = library.ask(q.question);
    const wall = performance.now() - s;
    const cpu = process.cpuUsage(c);
    return { wall, cpu: (cpu.user + cpu.system) / 1000, r };
  });
const first = pass();
const again = pass();
if (out) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(out, JSON.stringify(profile));
}
// The answers, to check that a speed change leaves them as they were (diff two runs' files).
if (answersFile)
  writeFileSync(
    answersFile,
    first
      .map(({ r }, i) =>
        JSON.stringify(
          r.kind === 'answer'
            ? {
                i,
                quote: r.answer.quote,
                id: r.answer.citation.briefingId,
                score: r.answer.score,
                span: r.answer.answerText,
              }
            : { i, unknown: r.reason, score: r.score },
        ),
      )
      .join('\n'),
  );
const p = (xs, k, n) =>
  percentile(
    xs.map((x) => x[k]),
    n,
  ).toFixed(2);
console.log(
  JSON.stringify({
    briefings: count,
    buildMs: Math.round(buildMs),
    buildCpuMs: Math.round((buildCpu.user + buildCpu.system) / 1000),
    firstWallP50: p(first, 'wall', 50),
    firstCpuP50: p(first, 'cpu', 50),
    firstCpuP90: p(first, 'cpu', 90),
    againCpuP50: p(again, 'cpu', 50),
    answered: first.filter((x) => x.r.kind === 'answer').length,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
