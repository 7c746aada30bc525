#!/usr/bin/env node
// Fits the sentence scorer's weights (DEFAULT_ANSWER_TUNING in answer.ts) on train/ and checks them on dev/, paragraph given:
//   node --import tsx scripts/fit-sentence.mjs [--train ../shared/eval/train] [--dev ../shared/eval/dev] [--rounds 3]
// How each question word matches each sentence (the feature ladder's rung) does not depend on the weights, so it is
// read once (explainSentence); coordinate ascent then re-scores every sentence with the same rule selectAnswer uses
// and maximises the train sentence hit rate. numberBoost and rerank stay as they are (they are inside the rungs).
import { fitSets, readQa } from './lib/fit-sets.mjs';

const { values, sets, scorer } = await fitSets({
  rounds: { type: 'string' },
  // A move must win this many more train questions to be kept: small wins did not carry over to dev/.
  'min-gain': { type: 'string' },
});
const { prepareSentences, explainSentence, DEFAULT_ANSWER_TUNING } = await import('../src/core/nlp/answer.ts');
const { splitSentences, contentTerms, matchKey, words, STOP_WORDS } = await import('../src/core/nlp/text.ts');
const { sentenceHit } = scorer;

const RUNGS = ['exact', 'synonym', 'anaphora', 'prefix', 'typo', 'neighbour', 'none'];
const KEYS = [
  'synonymWeight',
  'neighbourWeight',
  'bigramWeight',
  'typeMissFactor',
  'anaphoraWeight',
  'prefixWeight',
  'fuzzyWeight',
  'surfaceWeight',
  'reasonMissFactor',
];

function load(dir) {
  const qa = readQa(dir);
  const out = [];
  for (const q of qa) {
    const sentences = prepareSentences(splitSentences(q.context));
    const seq = contentTerms(q.question).map(matchKey);
    const bigrams = [];
    for (let i = 0; i + 1 < seq.length; i++) bigrams.push(`${seq[i]} ${seq[i + 1]}`);
    const surface = [...new Set(words(q.question).filter((w) => !STOP_WORDS.has(w)))];
    const rows = [];
    sentences.forEach((s, i) => {
      const t = explainSentence(q.question, sentences, i);
      if (!t) return;
      const text = ` ${s.terms.join(' ')} `;
      const pairs = bigrams.length ? bigrams.filter((b) => text.includes(` ${b} `)).length / bigrams.length : 0;
      const same = surface.length ? surface.filter((w) => s.wordSet.has(w)).length / surface.length : 0;
      const gate = t.gate.factor === 1 ? 'ok' : t.gate.why.startsWith('why-question') ? 'reason' : 'type';
      rows.push({
        i,
        w: t.terms.map((m) => m.weight),
        // A filler word's weight adds to the hit, not to the total (selectAnswer).
        f: t.terms.map((m) => (m.filler ? 0 : 1)),
        r: t.terms.map((m) => RUNGS.indexOf(m.match)),
        pairs,
        same,
        gate,
        hit: sentenceHit(s.text, q.answers),
      });
    });
    if (rows.length) out.push(rows);
  }
  return { items: out, n: qa.length };
}

function hitRate(set, t) {
  const credit = [1, t.synonymWeight, t.anaphoraWeight, t.prefixWeight, t.fuzzyWeight, t.neighbourWeight, 0];
  let hits = 0;
  for (const rows of set.items) {
    const scored = [];
    for (const r of rows) {
      let hit = 0;
      let total = 0;
      for (let k = 0; k < r.w.length; k++) {
        hit += r.w[k] * credit[r.r[k]];
        total += r.w[k] * r.f[k];
      }
      if (!(total > 0)) continue;
      const score = hit / total + r.pairs * t.bigramWeight + r.same * t.surfaceWeight;
      if (score > 0) scored.push({ r, score });
    }
    scored.sort((a, b) => b.score - a.score || a.r.i - b.r.i);
    let best;
    for (const c of scored.slice(0, t.rerank)) {
      const f = c.r.gate === 'ok' ? 1 : c.r.gate === 'reason' ? t.reasonMissFactor : t.typeMissFactor;
      const s = c.score * f;
      if (!best || s > best.s || (s === best.s && c.r.i < best.r.i)) best = { r: c.r, s };
    }
    if (best?.r.hit) hits++;
  }
  return (100 * hits) / set.n;
}

const train = load(sets.train);
const dev = load(sets.dev);
const t = { ...DEFAULT_ANSWER_TUNING };
let cur = hitRate(train, t);
console.log(`start: train ${cur.toFixed(2)} dev ${hitRate(dev, t).toFixed(2)}`);
const minGain = (100 * Number(values['min-gain'] ?? 0)) / train.n;
const steps = [-0.3, -0.2, -0.1, -0.05, -0.02, 0.02, 0.05, 0.1, 0.2, 0.3];
for (let round = 0; round < Number(values.rounds ?? 3); round++) {
  let moved = false;
  for (const k of KEYS) {
    const old = t[k];
    let bestV = old;
    for (const d of steps) {
      const v = Math.round((old + d) * 100) / 100;
      if (v < 0 || v > 1.2) continue;
      t[k] = v;
      const h = hitRate(train, t);
      if (h > cur + minGain + 1e-9) {
        cur = h;
        bestV = v;
        moved = true;
      }
    }
    t[k] = bestV;
  }
  console.log(`round ${round + 1}: train ${cur.toFixed(2)} dev ${hitRate(dev, t).toFixed(2)}`);
  if (!moved) break;
}
console.log(`tuning: ${JSON.stringify(Object.fromEntries(KEYS.map((k) => [k, t[k]])))}`);
