#!/usr/bin/env node
// Fits the shown-span confidence (span-confidence.ts) on train/ and checks it on dev/, paragraph given:
//   node --import tsx scripts/fit-span.mjs [--train ../shared/eval/train] [--dev ../shared/eval/dev] [--precision 0.85]
// For every question the answerer picks a sentence and a short answer; a span that would be shown (typed,
// definition, cause) is labelled right when its F1 against a gold answer is >= 0.5 (the eval's shown-span rule).
// Logistic regression on the span's features (spanFeatures), then the lowest threshold whose precision on train
// reaches --precision. Prints the weights for answer-model.ts and the precision and coverage on both sets.
import { fitSets, readQa } from './lib/fit-sets.mjs';

const { values, sets, scorer } = await fitSets({ precision: { type: 'string' } });
const target = Number(values.precision ?? 0.85);
const { selectAnswer, prepareSentences } = await import('../src/core/nlp/answer.ts');
const { answerSpanFor } = await import('../src/core/nlp/short-answer.ts');
const { splitSentences } = await import('../src/core/nlp/text.ts');
const { spanFeatures, SPAN_FEATURE_NAMES, spanShown } = await import('../src/core/nlp/span-confidence.ts');
const { SHOWN_SPAN_KINDS } = await import('../src/core/nlp/answer-model.ts');
const { f1 } = scorer;

function rows(dir) {
  const qa = readQa(dir);
  const out = [];
  for (const q of qa) {
    const sentences = prepareSentences(splitSentences(q.context));
    const best = selectAnswer(q.question, sentences, undefined, { answerText: false });
    if (!best) continue;
    const span = answerSpanFor(q.question, sentences[best.index].text);
    if (!span || !SHOWN_SPAN_KINDS.has(span.kind)) continue;
    const right = Math.max(...q.answers.map((g) => f1(span.text, g))) >= 0.5;
    out.push({ x: spanFeatures(span, best.score), y: right ? 1 : 0, span, score: best.score, n: qa.length });
  }
  return { rows: out, n: qa.length };
}

const sig = (z) => 1 / (1 + Math.exp(-z));
const dot = (w, x) => w.reduce((s, wi, i) => s + wi * x[i], 0);
function fitLogistic(data, l2 = 0.01, epochs = 2000, lr = 1) {
  const d = data[0].x.length;
  const w = new Array(d).fill(0);
  for (let e = 0; e < epochs; e++) {
    const g = new Array(d).fill(0);
    for (const r of data) {
      const err = sig(dot(w, r.x)) - r.y;
      for (let i = 0; i < d; i++) g[i] += err * r.x[i];
    }
    for (let i = 0; i < d; i++) w[i] -= lr * (g[i] / data.length + (i > 0 ? l2 * w[i] : 0));
  }
  return w;
}
function at(data, p, threshold) {
  const shown = data.filter((r) => p(r) >= threshold);
  const right = shown.filter((r) => r.y === 1).length;
  return { shown: shown.length, precision: shown.length ? right / shown.length : 0, right };
}

const train = rows(sets.train);
const dev = rows(sets.dev);
const w = fitLogistic(train.rows);
const p = (r) => sig(dot(w, r.x));
let threshold = 0.5;
for (let t = 0.3; t <= 0.95; t += 0.01) {
  if (at(train.rows, p, t).precision >= target) {
    threshold = Math.round(t * 100) / 100;
    break;
  }
}
const pct = (x) => (100 * x).toFixed(1);
console.log(`weights: { ${SPAN_FEATURE_NAMES.map((name, i) => `${name}: ${w[i].toFixed(2)}`).join(', ')} }`);
console.log(`threshold ${threshold} (lowest with train precision >= ${target})`);
for (const [name, set] of [
  ['train', train],
  ['dev', dev],
]) {
  const all = at(set.rows, () => 1, 0);
  const fitted = at(set.rows, p, threshold);
  const table = at(set.rows, (r) => (spanShown(r.span, r.score) ? 1 : 0), 1);
  console.log(
    `${name}: shown today ${all.shown} (${pct(all.precision)}% right) | fitted: ${fitted.shown} (${pct(fitted.precision)}% right, ${pct(fitted.right / set.n)}% of questions) | table: ${table.shown} (${pct(table.precision)}%)`,
  );
}
