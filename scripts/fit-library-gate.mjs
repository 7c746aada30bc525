#!/usr/bin/env node
// Fits the library-wide rank score and decline gate (src/core/library-rank.ts; rows rank* and gate* in answer-model.ts)
// on train/, and reports dev/ at the train-chosen values. Build the libraries with more questions than the eval's 240
// (less noise), and add unanswerable ones:
//   node ../shared/eval/library.mjs build --qa ../shared/eval/train/qa.jsonl --news ../shared/eval/dev/summarization.jsonl --answerable 1200 --out /tmp/lib-train
//   node ../shared/eval/library.mjs build --qa ../shared/eval/dev/qa.jsonl --news ../shared/eval/dev/summarization.jsonl --answerable 1000 --out /tmp/lib-dev
//   node scripts/library-negatives.mjs --qa ../shared/eval/train/qa.jsonl --news ../shared/eval/dev/summarization.jsonl --lib /tmp/lib-train   (same for dev)
//   nice -n 10 node --import tsx scripts/fit-library-gate.mjs --train /tmp/lib-train --dev /tmp/lib-dev [--k 20] [--u 12]
// 1. Rank score: softmax (listwise logistic) regression over each answerable question's first K candidates, label
//    "its best sentence holds a gold answer", features as in rankScore. 2. Gate: logistic regression on the winners'
//    gate features, right answers against unanswerable questions (on- and off-topic weighted half each; wrong answers
//    to answerable questions left out: declining them costs no right quote), scaled so the sentence weight is 1; the
//    bar is the lowest gate value with at most U% of unanswerable questions answered (on- and off-topic counted half
//    each). --ascent also runs the old coordinate ascent from there (it overfits train/: dev falls). Prints the
//    trade-off curve (bars for U = 6..16). The features come from `--explain`'s candidates, so they are the answerer's own.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    train: { type: 'string' },
    dev: { type: 'string' },
    scorers: { type: 'string' },
    k: { type: 'string' },
    u: { type: 'string' },
    ascent: { type: 'boolean' },
  },
});
if (!values.train || !values.dev) {
  console.error('fit-library-gate: --train <built library dir> and --dev <built library dir> are both needed');
  process.exit(2);
}
const UMAX = Number(values.u ?? 12);
const scorers = resolve(values.scorers ?? '../shared/eval');
const { sentenceHit } = await import(pathToFileURL(join(scorers, 'qa-score.mjs')).href);
const { createBriefingRepository } = await import('../src/sources/repository.ts');
const { ANSWER_MODEL } = await import('../src/core/nlp/answer-model.ts');
// Candidates per question: the table's (20) unless --k says otherwise.
const K = Number(values.k ?? ANSWER_MODEL.candidateBriefings.value);
const { sentencesOf } = await import('../src/core/briefing.ts');
const readJsonl = (p) =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

// Off-topic unanswerable questions are those of the 4 articles library.mjs leaves out (same hash as library.mjs).
const h = (s) => createHash('sha256').update(`govai-lib-v1:${s}`).digest('hex');
const offTopic = new Set();
for (const set of ['train', 'dev']) {
  const qa = readJsonl(join(scorers, set, 'qa.jsonl'));
  const titles = [...new Set(qa.map((q) => q.title))].sort((a, b) => (h(a) < h(b) ? -1 : 1)).slice(0, 4);
  for (const q of qa) if (titles.includes(q.title)) offTopic.add(`${q.id}-lib-neg`);
}

async function collect(dir) {
  const repo = createBriefingRepository({ dir: join(resolve(dir), 'briefings') });
  await repo.reload();
  const library = repo.library();
  const size = new Map(library.briefings.map((b) => [b.id, sentencesOf(b.paragraphs).length]));
  const keep = ANSWER_MODEL.candidateBriefings.value;
  ANSWER_MODEL.candidateBriefings.value = K;
  const rows = readJsonl(join(resolve(dir), 'questions.jsonl')).map((q) => ({
    neg: q.unanswerable,
    off: offTopic.has(q.id),
    cands: library.explain(q.question, { threshold: 0 }).candidates.map((c) => ({
      x: [c.sentenceScore, c.librarySentence, c.coverage, c.rel, Math.log(c.rank), Math.log(size.get(c.briefingId))],
      g: {
        s: c.sentenceScore,
        sg: c.librarySentence,
        cov: c.coverage,
        rel: c.rel,
        nt: c.beyondTitle,
        one: c.exactWords <= 1 ? 1 : 0,
      },
      right: !q.unanswerable && sentenceHit(c.sentence, q.answers),
    })),
  }));
  ANSWER_MODEL.candidateBriefings.value = keep;
  return rows;
}
const dot = (w, x) => x.reduce((a, v, i) => a + v * w[i], 0);

function fitRank(rows) {
  const data = rows.filter((r) => !r.neg && r.cands.some((c) => c.right));
  const w = [5, 0, 0, 0, 0, 0];
  for (let it = 0; it < 400; it++) {
    const g = w.map(() => 0);
    for (const r of data) {
      const z = r.cands.map((c) => dot(w, c.x));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const Z = e.reduce((a, b) => a + b, 0);
      const P = r.cands.filter((c) => c.right).length;
      r.cands.forEach((c, i) => {
        const k = e[i] / Z - (c.right ? 1 / P : 0);
        for (let j = 0; j < w.length; j++) g[j] += k * c.x[j];
      });
    }
    for (let j = 0; j < w.length; j++) w[j] -= 0.5 * (g[j] / data.length + 1e-3 * w[j]);
  }
  return w;
}

const GATE = ['sg', 'cov', 'rel', 'lead', 'nt', 'one'];
function winners(rows, w) {
  const out = rows.map((r) => {
    if (r.cands.length === 0) return { ...r, gx: undefined };
    const z = r.cands.map((c) => dot(w, c.x));
    const m = Math.max(...z);
    const bi = z.indexOf(m);
    const others = z.filter((_, i) => i !== bi);
    const lead = Math.min(ANSWER_MODEL.gateLeadCap.value, others.length ? m - Math.max(...others) : Infinity);
    const c = r.cands[bi];
    return { ...r, right: c.right, s: c.g.s, gx: GATE.map((n) => (n === 'lead' ? lead : c.g[n])) };
  });
  out.nPos = rows.filter((r) => !r.neg).length;
  out.nOn = rows.filter((r) => r.neg && !r.off).length;
  out.nOff = rows.filter((r) => r.neg && r.off).length;
  return out;
}
const gate = (v, x) => (x.gx ? x.s + dot(v, x.gx) : -Infinity);
/** The most right quotes at U <= UMAX on these rows, and the bar that gives it. */
const best = (xs, v) => bestAt(xs, v, UMAX);
function bestAt(xs, v, UMAX) {
  const vals = xs.map((x) => ({ v: gate(v, x), x })).sort((a, b) => b.v - a.v);
  let R = 0;
  let on = 0;
  let off = 0;
  let top = { R: -1, bar: Infinity };
  for (let i = 0; i < vals.length; i++) {
    const x = vals[i].x;
    if (!Number.isFinite(vals[i].v)) break;
    if (!x.neg) R += x.right ? 1 : 0;
    else if (x.off) off++;
    else on++;
    if (i + 1 < vals.length && vals[i + 1].v === vals[i].v) continue;
    if ((50 * on) / xs.nOn + (50 * off) / xs.nOff <= UMAX && R > top.R) top = { R, bar: vals[i].v };
  }
  return { R: (100 * top.R) / xs.nPos, bar: top.bar };
}
function report(xs, v, bar) {
  let R = 0;
  let A = 0;
  let on = 0;
  let off = 0;
  for (const x of xs) {
    if (gate(v, x) < bar) continue;
    if (!x.neg) {
      A++;
      R += x.right ? 1 : 0;
    } else if (x.off) off++;
    else on++;
  }
  const p = (n) => ((100 * n) / xs.nPos).toFixed(1);
  return `right quote ${p(R)} answered ${p(A)} right when answering ${A ? ((100 * R) / A).toFixed(1) : '0'} unanswerable answered ${((50 * on) / xs.nOn + (50 * off) / xs.nOff).toFixed(1)} (on ${((100 * on) / xs.nOn).toFixed(1)}, off ${((100 * off) / xs.nOff).toFixed(1)})`;
}

const train = await collect(values.train);
const dev = await collect(values.dev);
const w = fitRank(train);
const names = ['rankSentence', 'rankLibrarySentence', 'rankCoverage', 'rankSearch', 'rankPlace', 'rankLength'];
console.log(`K ${K}: ${names.map((n, i) => `${n} ${w[i].toFixed(3)}`).join(', ')}`);
const wt = winners(train, w);
const wd = winners(dev, w);
const noGate = (xs) => ((100 * xs.filter((x) => !x.neg && x.right).length) / xs.nPos).toFixed(1);
console.log(`best candidate right (no gate): train ${noGate(wt)}, dev ${noGate(wd)}`);
// First what the table gives at its own bar.
const M = ANSWER_MODEL;
const table = [M.gateLibrarySentence, M.gateCoverage, M.gateSearch, M.gateLead, M.gateBeyondTitle, M.gateOneExact];
const tv = table.map((e) => e.value);
console.log(`table gate at its bar ${M.gateBar.value}: train ${report(wt, tv, M.gateBar.value)}`);
console.log(`                       dev   ${report(wd, tv, M.gateBar.value)}`);
/** Weighted logistic regression, right (1) against unanswerable (0), features [sentence, ...GATE]; L2 0.001. */
function fitGate(xs) {
  const nOn = xs.filter((x) => x.neg && !x.off).length;
  const nOff = xs.filter((x) => x.neg && x.off).length;
  const data = xs
    .filter((x) => x.gx && (x.neg || x.right))
    .map((x) => ({
      x: [1, x.s, ...x.gx],
      y: x.neg ? 0 : 1,
      w: x.neg ? (0.5 * xs.nPos) / (x.off ? nOff : nOn) : 1,
    }));
  const w = new Array(GATE.length + 2).fill(0);
  const W = data.reduce((a, d) => a + d.w, 0);
  for (let it = 0; it < 3000; it++) {
    const g = w.map(() => 0);
    for (const d of data) {
      const p = 1 / (1 + Math.exp(-dot(w, d.x)));
      for (let j = 0; j < w.length; j++) g[j] += d.w * (p - d.y) * d.x[j];
    }
    for (let j = 0; j < w.length; j++) w[j] -= 0.5 * (g[j] / W + (j > 0 ? 1e-3 * w[j] : 0));
  }
  return w.slice(2).map((x) => x / w[1]);
}
let v = fitGate(wt);
let cur = best(wt, v);
if (values.ascent)
  for (let round = 0; round < 4; round++)
    for (let j = 0; j < v.length; j++)
      for (const d of [-0.5, -0.2, -0.1, -0.05, -0.02, 0.02, 0.05, 0.1, 0.2, 0.5]) {
        const v2 = v.map((x, i) => (i === j ? x + d : x));
        const r = best(wt, v2);
        if (r.R > cur.R + 0.01) [cur, v] = [r, v2];
      }
console.log('trade-off (bar chosen on train/ for each U):');
for (const u of [6, 8, 10, 12, 14, 16]) {
  const b = bestAt(wt, v, u).bar;
  console.log(`  U <= ${u}: bar ${b.toFixed(3)}\n    train ${report(wt, v, b)}\n    dev   ${report(wd, v, b)}`);
}
console.log(
  `gate (sentence 1): ${GATE.map((n, i) => `${n} ${v[i].toFixed(2)}`).join(', ')}; bar ${cur.bar.toFixed(3)} (U <= ${UMAX})`,
);
console.log(`train: ${report(wt, v, cur.bar)}`);
console.log(`dev:   ${report(wd, v, cur.bar)}`);
