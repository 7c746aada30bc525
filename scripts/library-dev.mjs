#!/usr/bin/env node
// Fast, in-process library-wide check (no CLI, no build), for tuning retrieval and the thresholds:
//   node /work/shared/eval/library.mjs build --qa ../shared/eval/train/qa.jsonl --news ../shared/eval/dev/summarization.jsonl --out /tmp/lib-train
//   node --import tsx scripts/library-dev.mjs --lib /tmp/lib-train [--scorers ../shared/eval] [--misses out.jsonl]
//     [--span-precision 0.92]
// Prints the library.mjs figures and the precision of shown spans. `npm run eval` (the real CLI) gives the reported ones.
// --span-precision P: also the lowest shown-span bar (span-confidence.ts) whose precision over this library's answered
// questions reaches P (how SPAN_CONFIDENCE.threshold is chosen, on a train/ library built with --answerable 1200).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    lib: { type: 'string' },
    scorers: { type: 'string' },
    misses: { type: 'string' },
    threshold: { type: 'string' },
    'span-precision': { type: 'string' },
  },
});
const lib = resolve(values.lib ?? '/tmp/lib-dev');
const scorers = resolve(values.scorers ?? '../shared/eval');
const { scoreLibrary } = await import(pathToFileURL(join(scorers, 'library.mjs')).href);
const { f1, sentenceHit } = await import(pathToFileURL(join(scorers, 'qa-score.mjs')).href);
const { createBriefingRepository } = await import('../src/sources/repository.ts');
const { answerSpanFor } = await import('../src/core/nlp/short-answer.ts');
const { spanConfidence } = await import('../src/core/nlp/span-confidence.ts');
const { SHOWN_SPAN_KINDS } = await import('../src/core/nlp/answer-model.ts');
const repo = createBriefingRepository({ dir: join(lib, 'briefings') });
await repo.reload();
const library = repo.library();
const questions = readFileSync(join(lib, 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const started = performance.now();
const preds = [];
const misses = [];
let shown = 0;
let shownRight = 0;
for (const q of questions) {
  const r = library.ask(q.question, values.threshold ? { threshold: Number(values.threshold) } : {});
  const p =
    r.kind === 'answer'
      ? {
          id: q.id,
          quote: r.answer.quote,
          answer_text: r.answer.answerText ?? r.answer.quote,
          abstained: false,
          score: r.answer.score,
          briefing: r.answer.citation.briefingId,
        }
      : { id: q.id, quote: '', answer_text: '', abstained: true, score: r.score ?? 0 };
  preds.push(p);
  if (!q.unanswerable && !p.abstained && p.answer_text !== p.quote) {
    shown++;
    if (Math.max(...q.answers.map((g) => f1(p.answer_text, g))) >= 0.5) shownRight++;
  }
  const right = !q.unanswerable && !p.abstained && sentenceHit(p.quote, q.answers);
  if ((!q.unanswerable && !right) || (q.unanswerable && !p.abstained)) misses.push({ ...q, got: p });
}
const ms = performance.now() - started;
const s = scoreLibrary(questions, preds);
const x = (v) => v.toFixed(1);
console.log(
  `right quote ${x(s.rightQuote)} | answered ${x(s.answered)} | right when answering ${x(s.rightWhenAnswering)} | span F1 ${x(s.spanF1)} | answered unanswerable ${x(s.answeredUnanswerable)} | shown spans ${shown}, ${x(shown ? (100 * shownRight) / shown : 0)}% F1>=0.5 | ${(ms / questions.length).toFixed(2)} ms/q`,
);
if (values.misses) writeFileSync(values.misses, `${misses.map((m) => JSON.stringify(m)).join('\n')}\n`);
if (values['span-precision']) {
  // Every answered question's span of a shown kind, with its confidence (as ask computes it) and whether it is right.
  const spans = [];
  for (const q of questions) {
    if (q.unanswerable) continue;
    const e = library.explain(q.question, values.threshold ? { threshold: Number(values.threshold) } : {});
    if (e.result.kind !== 'answer' || e.result.answer.origin !== 'article' || !e.winner) continue;
    const w = e.candidates.find((c) => c.briefingId === e.winner.briefingId && c.sentence === e.winner.sentence);
    const span = answerSpanFor(q.question, e.winner.sentence);
    if (!w || !span || !SHOWN_SPAN_KINDS.has(span.kind)) continue;
    const right = Math.max(...q.answers.map((g) => f1(span.text, g))) >= 0.5;
    spans.push({ conf: spanConfidence(span, w.sentenceScore), right });
  }
  spans.sort((a, b) => b.conf - a.conf);
  const want = Number(values['span-precision']);
  let ok = 0;
  let bar;
  spans.forEach((sp, i) => {
    ok += sp.right ? 1 : 0;
    if (ok / (i + 1) >= want && (i + 1 === spans.length || spans[i + 1].conf < sp.conf))
      bar = { conf: sp.conf, ok, n: i + 1 };
  });
  console.log(
    bar
      ? `lowest span bar with precision >= ${want}: ${bar.conf.toFixed(4)} (${bar.ok}/${bar.n} shown right, of ${spans.length} spans of a shown kind)`
      : `no span bar reaches precision ${want}`,
  );
}
