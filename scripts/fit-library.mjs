#!/usr/bin/env node
// Fits the answerer's weights by coordinate ascent on the library-wide task (train/), then reports dev/.
//   node /work/shared/eval/library.mjs build --qa ../shared/eval/train/qa.jsonl --news ../shared/eval/dev/summarization.jsonl --answerable 1200 --out /tmp/lib-train
//   node /work/shared/eval/library.mjs build --qa ../shared/eval/dev/qa.jsonl --news ../shared/eval/dev/summarization.jsonl --out /tmp/lib-dev
//   node --import tsx scripts/fit-library.mjs --train /tmp/lib-train --dev /tmp/lib-dev [--params a,b] [--rounds 2]
// Objective (on train/ only): right quotes - 0.5 x wrong answers (both % of answerable) - 0.5 x % of unanswerable
// answered; the answer threshold is swept for every setting (it needs no re-run). dev/ is only read at the end.
// Prints each step, and the fitted values to copy into src/core/nlp/answer-model.ts / answer.ts with their source.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    train: { type: 'string' },
    dev: { type: 'string' },
    params: { type: 'string' },
    rounds: { type: 'string' },
    scorers: { type: 'string' },
  },
});
if (!values.train || !values.dev) {
  console.error('fit-library: --train <built library dir> and --dev <built library dir> are both needed');
  process.exit(2);
}
const scorers = resolve(values.scorers ?? '../shared/eval');
const { sentenceHit } = await import(join(scorers, 'qa-score.mjs'));
const { createBriefingRepository } = await import('../src/sources/repository.ts');
const { ANSWER_MODEL } = await import('../src/core/nlp/answer-model.ts');
const { DEFAULT_ANSWER_TUNING } = await import('../src/core/nlp/answer.ts');

async function load(dir) {
  const repo = createBriefingRepository({ dir: join(resolve(dir), 'briefings') });
  await repo.reload();
  const questions = readFileSync(join(resolve(dir), 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return { library: repo.library(), questions };
}

// What can be fitted: [table, key, candidate values]. The threshold is swept separately.
const SPACE = {
  candidateBriefings: [ANSWER_MODEL, 'candidateBriefings', [3, 5, 8, 12, 20]],
  synonymWeight: [DEFAULT_ANSWER_TUNING, 'synonymWeight', [0.5, 0.6, 0.7, 0.8, 0.9]],
  neighbourWeight: [DEFAULT_ANSWER_TUNING, 'neighbourWeight', [0.2, 0.3, 0.45, 0.6]],
  bigramWeight: [DEFAULT_ANSWER_TUNING, 'bigramWeight', [0, 0.05, 0.1, 0.2]],
  typeMissFactor: [DEFAULT_ANSWER_TUNING, 'typeMissFactor', [0.6, 0.7, 0.8, 0.9, 1]],
  anaphoraWeight: [DEFAULT_ANSWER_TUNING, 'anaphoraWeight', [0.5, 0.6, 0.7, 0.85]],
  prefixWeight: [DEFAULT_ANSWER_TUNING, 'prefixWeight', [0.2, 0.3, 0.4, 0.55]],
  numberBoost: [DEFAULT_ANSWER_TUNING, 'numberBoost', [1, 1.25, 1.5, 2]],
  fuzzyWeight: [DEFAULT_ANSWER_TUNING, 'fuzzyWeight', [0, 0.4, 0.6, 0.8]],
  surfaceWeight: [DEFAULT_ANSWER_TUNING, 'surfaceWeight', [0, 0.05, 0.1]],
  reasonMissFactor: [DEFAULT_ANSWER_TUNING, 'reasonMissFactor', [0.5, 0.6, 0.7, 0.85, 1]],
};
const get = ([table, key]) => (table === ANSWER_MODEL ? table[key].value : table[key]);
const set = ([table, key], v) => {
  if (table === ANSWER_MODEL) table[key].value = v;
  else table[key] = v;
};

/** One pass with no threshold: per question, the score and whether the quote is right. */
function run({ library, questions }) {
  return questions.map((q) => {
    const r = library.ask(q.question, { threshold: 0 });
    if (r.kind !== 'answer') return { neg: q.unanswerable, score: -1, right: false };
    return {
      neg: q.unanswerable,
      score: r.answer.score,
      right: !q.unanswerable && sentenceHit(r.answer.quote, q.answers),
    };
  });
}

function figures(rows, threshold) {
  const pos = rows.filter((r) => !r.neg);
  const neg = rows.filter((r) => r.neg);
  const on = (r) => r.score >= threshold;
  const right = pos.filter((r) => on(r) && r.right).length;
  const answered = pos.filter(on).length;
  const R = (100 * right) / pos.length;
  const W = (100 * (answered - right)) / pos.length;
  const U = (100 * neg.filter(on).length) / Math.max(neg.length, 1);
  return {
    R,
    W,
    U,
    J: R - 0.5 * W - 0.5 * U,
    answered: (100 * answered) / pos.length,
    rwa: answered ? (100 * right) / answered : 0,
  };
}

function best(rows) {
  let top;
  for (let t = 0.3; t <= 0.8001; t += 0.025) {
    const f = { ...figures(rows, t), threshold: Math.round(t * 1000) / 1000 };
    if (!top || f.J > top.J) top = f;
  }
  return top;
}

const fmt = (f) =>
  `J ${f.J.toFixed(2)} | right quote ${f.R.toFixed(1)} | answered ${f.answered.toFixed(1)} | right when answering ${f.rwa.toFixed(1)} | unanswerable answered ${f.U.toFixed(1)} | threshold ${f.threshold}`;

const train = await load(values.train);
const dev = await load(values.dev);
const names = values.params ? values.params.split(',') : Object.keys(SPACE);
let current = best(run(train));
const start = names.map((n) => `${n}=${get(SPACE[n])}`).join(' ');
console.log(`start (train): ${fmt(current)}\n  ${start}`);
const devStart = { ...figures(run(dev), current.threshold), threshold: current.threshold };
console.log(`start (dev, same threshold): ${fmt(devStart)}`);
for (let round = 0; round < Number(values.rounds ?? 1); round++) {
  for (const name of names) {
    const p = SPACE[name];
    const keep = get(p);
    let chosen = keep;
    for (const v of p[2]) {
      if (v === keep) continue;
      set(p, v);
      const f = best(run(train));
      if (f.J > current.J + 0.05) {
        current = f;
        chosen = v;
      }
    }
    set(p, chosen);
    console.log(`${name} = ${chosen}${chosen !== keep ? ` (was ${keep})` : ''}: ${fmt(current)}`);
  }
}
const devEnd = { ...figures(run(dev), current.threshold), threshold: current.threshold };
console.log(`fitted (train): ${fmt(current)}`);
console.log(`fitted (dev, same threshold): ${fmt(devEnd)}`);
console.log(`values: ${names.map((n) => `${n}=${get(SPACE[n])}`).join(' ')} answerThreshold=${current.threshold}`);
