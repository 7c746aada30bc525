#!/usr/bin/env node
// npm run build && node scripts/measure-support.mjs --data ../shared/eval/train [--limit N] [--json <file>]
//
// Measures the support check a model's answer must pass (src/core/grounded/verify.ts: the answer's content words
// covered by the sentences it cites) on labelled cases built from a SQuAD-style qa.jsonl, and prints precision and
// recall of "accepted" at each threshold, the chosen one (SUPPORT_THRESHOLD) marked. Tune on train/, check on dev/.
//
// Cases, per question (cited = the sentence of its passage holding the gold answer):
//   supported    "<question restated> <gold answer>."  (how a model answers: the question's words plus the fact)
//   supported    "<gold answer>."                      (a bare answer)
//   unsupported  "<question restated> <another question's gold answer>."  (a wrong fact, same citation)
//   unsupported  "<question restated> <gold answer>." citing a sentence of another passage (a wrong citation)

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { data: { type: 'string' }, limit: { type: 'string' }, json: { type: 'string' } },
});
if (!values.data) {
  console.error('measure-support: say where the data is: --data ../shared/eval/train');
  process.exit(2);
}
const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
const { support, SUPPORT_THRESHOLD } = await dist('core/grounded/verify.js');
const { splitSentences } = await dist('core/nlp/text.js');

const items = readFileSync(join(resolve(values.data), 'qa.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l))
  .slice(0, values.limit ? Number(values.limit) : undefined);

const WH =
  /^(what|which|who|whom|whose|when|where|why|how( many| much| long| old| far)?|in what|on what|at what)\b\s*/i;
const restate = (q) =>
  q
    .replace(/\?+\s*$/, '')
    .replace(WH, '')
    .replace(/^(is|are|was|were|did|does|do|has|have|had)\s+/i, '')
    .trim();
const lower = (s) => s.toLowerCase();

const cases = [];
for (const [i, item] of items.entries()) {
  const gold = item.answers?.[0];
  if (!gold) continue;
  const sentences = splitSentences(item.context);
  const cited = sentences.find((s) => lower(s).includes(lower(gold)));
  if (!cited) continue;
  // Another passage's item (different title, so a different topic) for the wrong fact and the wrong citation.
  const other =
    items.find((x, j) => j > i && x.title !== item.title && x.answers?.[0]) ??
    items.find((x) => x.title !== item.title && x.answers?.[0]);
  if (!other) continue;
  const wrongFact = other.answers[0];
  const otherSentences = splitSentences(other.context);
  const wrongCite = otherSentences.find((s) => !lower(s).includes(lower(gold))) ?? otherSentences[0];
  const stem = restate(item.question);
  if (lower(cited).includes(lower(wrongFact))) continue;
  cases.push({ kind: 'restated', supported: true, answer: `${stem} ${gold}.`, cited: [cited] });
  cases.push({ kind: 'bare', supported: true, answer: `${gold}.`, cited: [cited] });
  cases.push({ kind: 'wrong fact', supported: false, answer: `${stem} ${wrongFact}.`, cited: [cited] });
  cases.push({ kind: 'wrong citation', supported: false, answer: `${stem} ${gold}.`, cited: [wrongCite] });
}

const scored = cases.map((c) => ({ ...c, s: support(c.answer, c.cited) }));
const accepted = (c, t) => c.s.score >= t && c.s.missingNumbers.length === 0;
const rows = [];
for (let t = 0.5; t <= 1.0001; t += 0.05) {
  const threshold = Math.round(t * 100) / 100;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const byKind = {};
  for (const c of scored) {
    const a = accepted(c, threshold);
    byKind[c.kind] = (byKind[c.kind] ?? 0) + (a ? 1 : 0);
    if (a && c.supported) tp++;
    else if (a) fp++;
    else if (c.supported) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  rows.push({ threshold, precision, recall, byKind });
}

const n = (kind) => scored.filter((c) => c.kind === kind).length;
const pct = (x) => (100 * x).toFixed(1).padStart(6);
const lines = [
  `support check on ${resolve(values.data)}: ${scored.length} cases from ${items.length} questions (${scored.filter((c) => c.supported).length} supported, ${scored.filter((c) => !c.supported).length} unsupported)`,
  'threshold  precision  recall   accepted: restated  bare  wrong fact  wrong citation  (% of each kind)',
];
for (const r of rows)
  lines.push(
    `${r.threshold.toFixed(2).padEnd(11)}${pct(r.precision)}    ${pct(r.recall)}   ${pct(r.byKind.restated / n('restated'))}    ${pct(r.byKind.bare / n('bare'))} ${pct(r.byKind['wrong fact'] / n('wrong fact'))}     ${pct(r.byKind['wrong citation'] / n('wrong citation'))}${Math.abs(r.threshold - SUPPORT_THRESHOLD) < 1e-9 ? '   <- SUPPORT_THRESHOLD' : ''}`,
  );
// The rule, fixed before measuring: a rejected answer costs little (the offline answer is shown), a wrong one a
// lot, so the threshold is the lowest at which precision reaches 95% on train/ (recall as high as that allows).
const rule = rows.find((r) => r.precision >= 0.95)?.threshold;
lines.push(
  `rule (lowest threshold with precision >= 95% on these cases): ${rule ?? 'none'}; SUPPORT_THRESHOLD is ${SUPPORT_THRESHOLD}`,
);
console.log(lines.join('\n'));
if (values.json)
  writeFileSync(
    values.json,
    `${JSON.stringify({ cases: scored.length, chosen: SUPPORT_THRESHOLD, rule, rows }, null, 2)}\n`,
  );
