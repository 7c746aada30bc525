#!/usr/bin/env node
// Fast answerer check on the dev data, in-process (no CLI, no build):
//   node --import tsx scripts/answer-dev.mjs --data ../shared/eval/dev [--tuning '{"synonymWeight":0.6}'] [--misses out.jsonl]
// Prints sentence hit rate, answer_text F1, answered-with-a-hit at the threshold and unanswerable declined,
// for the even-numbered questions (tune on these), the odd-numbered ones (check on these) and all.
// A tuning aid only: `npm run eval` (the real CLI) gives the figures the README reports.

import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    tuning: { type: 'string' },
    misses: { type: 'string' },
    threshold: { type: 'string' },
  },
});
const data = resolve(values.data ?? '../shared/eval/dev');
const { selectAnswer, prepareSentences, DEFAULT_CONTEXT_THRESHOLD, CONTEXT_TUNING } = await import(
  '../src/core/nlp/answer.ts'
);
const { splitSentences } = await import('../src/core/nlp/text.ts');
const { sentenceHit, f1 } = await import(pathToFileURL(join(data, '..', 'qa-score.mjs')).href);
// The weights batch answer uses (answerFromContext), then the ones asked for.
const tuning = { ...CONTEXT_TUNING, ...(values.tuning ? JSON.parse(values.tuning) : {}) };
const threshold = values.threshold ? Number(values.threshold) : DEFAULT_CONTEXT_THRESHOLD;
const read = (f) =>
  readFileSync(join(data, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const qa = read('qa.jsonl');
const un = read('qa-unanswerable.jsonl');

function run(item) {
  const sentences = prepareSentences(splitSentences(item.context));
  const best = selectAnswer(item.question, sentences, undefined, { tuning });
  if (!best) return { sentence: sentences[0]?.text ?? '', answerText: '', score: 0 };
  const sentence = sentences[best.index].text;
  return { sentence, answerText: best.answerText ?? sentence, score: best.score };
}

const started = performance.now();
const halves = [
  { name: 'even', hit: 0, f1: 0, ans: 0, n: 0, dec: 0, nu: 0 },
  { name: 'odd', hit: 0, f1: 0, ans: 0, n: 0, dec: 0, nu: 0 },
];
const misses = [];
qa.forEach((q, i) => {
  const r = run(q);
  const h = halves[i % 2];
  const hit = sentenceHit(r.sentence, q.answers);
  h.n++;
  if (hit) h.hit++;
  if (hit && r.score >= threshold) h.ans++;
  h.f1 += Math.max(...q.answers.map((g) => f1(r.answerText, g)));
  if (!hit) misses.push({ i, question: q.question, answers: q.answers, got: r.sentence, score: r.score });
});
un.forEach((q, i) => {
  const r = run(q);
  const h = halves[i % 2];
  h.nu++;
  if (r.score < threshold) h.dec++;
});
const ms = performance.now() - started;
const all = halves.reduce((a, h) => ({
  name: 'all',
  hit: a.hit + h.hit,
  f1: a.f1 + h.f1,
  ans: a.ans + h.ans,
  n: a.n + h.n,
  dec: a.dec + h.dec,
  nu: a.nu + h.nu,
}));
const pct = (x, n) => ((100 * x) / n).toFixed(1).padStart(6);
console.log(`half   hit %  F1     ans+hit %  declined %   (threshold ${threshold})`);
for (const h of [...halves, all])
  console.log(`${h.name.padEnd(5)}${pct(h.hit, h.n)} ${pct(h.f1, h.n)}  ${pct(h.ans, h.n)}     ${pct(h.dec, h.nu)}`);
console.log(`${(ms / (qa.length + un.length)).toFixed(3)} ms per question`);
if (values.misses) writeFileSync(values.misses, `${misses.map((m) => JSON.stringify(m)).join('\n')}\n`);
