#!/usr/bin/env node
// Fits the span finder's cost weights (src/core/nlp/span-cost.ts) on train/ and checks them on dev/, paragraph given:
//   node --import tsx scripts/fit-span-cost.mjs [--train ../shared/eval/train] [--dev ../shared/eval/dev] [--rounds 4]
// For each question the answerer picks a sentence; every candidate span in it is scored against the gold answers
// (SQuAD token F1). Coordinate ascent over the weights maximises the mean F1 of the cheapest candidate (those of
// the asked kind first, noun chunks when there are none), the same rule span.ts applies. Prints the weights and
// span F1 on both sets (questions with a definition or cause span, or no candidate, count with their fixed F1).
import { fitSets, readQa } from './lib/fit-sets.mjs';

const { values, sets, scorer } = await fitSets({ rounds: { type: 'string' } });
const { selectAnswer, prepareSentences } = await import('../src/core/nlp/answer.ts');
const { spanCandidatesFor } = await import('../src/core/nlp/short-answer.ts');
const { splitSentences } = await import('../src/core/nlp/text.ts');
const { SPAN_COST_FEATURES, SPAN_COST_WEIGHTS } = await import('../src/core/nlp/span-cost.ts');
const { f1 } = scorer;

function load(dir) {
  const qa = readQa(dir);
  return qa.map((q) => {
    const sentences = prepareSentences(splitSentences(q.context));
    const best = selectAnswer(q.question, sentences, undefined, { answerText: false });
    const gold = (text) => Math.max(...q.answers.map((g) => f1(text, g)));
    if (!best) return { fixed: gold(sentences[0]?.text ?? '') };
    const sentence = sentences[best.index].text;
    const c = spanCandidatesFor(q.question, sentence);
    if (!c) return { fixed: gold(sentence) };
    if (c.fixed !== undefined) return { fixed: gold(c.fixed) };
    const stage = (list) => list.map((x) => ({ x: SPAN_COST_FEATURES.map((f) => x.features[f]), f1: gold(x.text) }));
    const typed = stage(c.typed);
    const other = stage(c.other);
    if (typed.length === 0 && other.length === 0) return { fixed: gold(sentence) };
    return { cands: typed.length > 0 ? typed : other };
  });
}

function meanF1(items, w) {
  let sum = 0;
  for (const it of items) {
    if (it.fixed !== undefined) {
      sum += it.fixed;
      continue;
    }
    let best;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const c of it.cands) {
      let cost = 0;
      for (let i = 0; i < w.length; i++) cost += w[i] * c.x[i];
      if (cost < bestCost) {
        bestCost = cost;
        best = c;
      }
    }
    sum += best.f1;
  }
  return (100 * sum) / items.length;
}

const train = load(sets.train);
const dev = load(sets.dev);
const start = SPAN_COST_FEATURES.map((f) => SPAN_COST_WEIGHTS[f]);
const w = [...start];
const steps = [-3, -1, -0.5, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.5, 1, 3];
let cur = meanF1(train, w);
console.log(`start: train ${cur.toFixed(2)} dev ${meanF1(dev, w).toFixed(2)}`);
for (let round = 0; round < Number(values.rounds ?? 4); round++) {
  let moved = false;
  // `near` stays at 1: it sets the scale the others are measured in.
  for (let i = 1; i < w.length; i++) {
    let bestV = w[i];
    for (const d of steps) {
      const old = w[i];
      w[i] = Math.round((old + d) * 100) / 100;
      const v = meanF1(train, w);
      if (v > cur + 1e-9) {
        cur = v;
        bestV = w[i];
        moved = true;
      }
      w[i] = old;
    }
    w[i] = bestV;
  }
  console.log(`round ${round + 1}: train ${cur.toFixed(2)} dev ${meanF1(dev, w).toFixed(2)}`);
  if (!moved) break;
}
console.log(`weights: { ${SPAN_COST_FEATURES.map((f, i) => `${f}: ${w[i]}`).join(', ')} }`);
