// One ask measurement in its own process (so peak memory is this size's alone):
//   node bench/lib/ask-child.mjs <briefings> <system: govai|scan>
// Prints one JSON line: build time, per-question latencies (first and repeated pass), peak RSS.

import { dist, percentile } from './common.mjs';
import { benchLibrary } from './ask-input.mjs';

const count = Number(process.argv[2] ?? 10);
const system = process.argv[3] ?? 'govai';

const { splitSentences, contentTerms } = await dist('core/nlp/text.js');
const { briefings, asked } = await benchLibrary(count);

let ask;
const t0 = performance.now();
let update;
if (system === 'govai') {
  const { createLibrary } = await dist('core/library.js');
  const { createSearchIndex } = await dist('core/search-index.js');
  const index = createSearchIndex();
  const library = createLibrary(briefings, index);
  ask = (q) => library.ask(q);
  // Adding one briefing: a new library on the shared index (what a reload does) against a full rebuild.
  // Five adds, each its own new briefing (the one before it goes again, as an edit would): one measurement alone is at
  // the mercy of a garbage collection or another process on a shared machine, so the median is reported, and the worst.
  update = () => {
    const times = [];
    let extra;
    for (let i = 0; i < 5; i++) {
      extra = { ...briefings[0], id: `added-${i}`, title: 'Added while running', paragraphs: ['A new briefing.'] };
      const s1 = performance.now();
      createLibrary([...briefings, extra], index);
      times.push(performance.now() - s1);
    }
    const incremental = percentile(times, 50);
    const worst = Math.max(...times);
    const s2 = performance.now();
    createLibrary([...briefings, extra]);
    const full = performance.now() - s2;
    return { incremental, worst, full };
  };
} else {
  // Peer: no index, word overlap over every sentence of every briefing (the eval's baseline, at library scale).
  const sentences = [];
  for (const b of briefings)
    for (const s of splitSentences(b.paragraphs[0])) sentences.push({ text: s, terms: new Set(contentTerms(s)) });
  ask = (q) => {
    const qt = new Set(contentTerms(q));
    let best;
    let bestScore = 0;
    for (const s of sentences) {
      let n = 0;
      for (const t of qt) if (s.terms.has(t)) n++;
      if (n > bestScore) {
        bestScore = n;
        best = s;
      }
    }
    return best ? { kind: 'answer', answer: { quote: best.text } } : { kind: 'unknown' };
  };
}
const buildMs = performance.now() - t0;

const pass = () =>
  asked.map((q) => {
    const c = process.cpuUsage();
    const s = performance.now();
    const r = ask(q.question);
    const ms = performance.now() - s;
    const cpu = process.cpuUsage(c);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, r };
  });
const first = pass();
const again = pass();
const answered = first.filter((x) => x.r.kind === 'answer').length;
const added = update?.();
const lat = (xs) => xs.map((x) => x.ms);
process.stdout.write(
  `${JSON.stringify({
    briefings: count,
    system,
    questions: asked.length,
    buildMs,
    firstP50: percentile(lat(first), 50),
    firstCpuP50: percentile(
      first.map((x) => x.cpuMs),
      50,
    ),
    firstP90: percentile(lat(first), 90),
    againP50: percentile(lat(again), 50),
    answered,
    ...(added ? { addIncrementalMs: added.incremental, addWorstMs: added.worst, addFullMs: added.full } : {}),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
