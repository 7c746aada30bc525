#!/usr/bin/env node
// npm run eval -- --data <dir> [--scorers <dir>] [--json <file>] [--llm]
//
// Runs the real CLI (`govai batch ask` over a library-wide task, `govai batch summarize`, `govai batch answer`) over the evaluation data, scores
// the output with the shared scorers (imported from <data>/.. or --scorers, never copied here), and
// prints ours beside Lead-3, TextRank and the word-overlap baseline measured in the same run, with
// the targets met or missed. A tool, not a test: `npm test` never needs the data.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GOVAI = join(ROOT, 'bin', 'govai.js');

const TARGETS = {
  rouge1: 30.5,
  rouge2: 11.5,
  rougeLsum: 26.8,
  hit: 90,
  answeredHit: 88,
  declined: 60,
  f1: 45,
  libRightQuote: 80,
  libRightWhenAnswering: 90,
  libAnsweredUnanswerable: 10,
  shownSpanPrecision: 80,
};

function fail(message) {
  console.error(`eval: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    scorers: { type: 'string' },
    json: { type: 'string' },
    threshold: { type: 'string' },
    // Also run the library-wide and paragraph tasks through the configured model (GOVAI_LLM_PROVIDER...), beside
    // the offline figures.
    llm: { type: 'boolean' },
  },
});
if (values.llm && !process.env.GOVAI_LLM_PROVIDER)
  fail('--llm needs a model: set GOVAI_LLM_PROVIDER and its settings (README "Using Claude or a local model")');
if (!values.data) fail('say where the data is: npm run eval -- --data ../shared/eval/dev');
const data = resolve(values.data);
const scorers = resolve(values.scorers ?? join(data, '..'));
for (const f of ['qa.jsonl', 'qa-unanswerable.jsonl']) {
  if (!existsSync(join(data, f)))
    fail(
      `${join(data, f)} is missing (--data must hold qa.jsonl, qa-unanswerable.jsonl and optionally summarization.jsonl)`,
    );
}
// train/ has no summaries: the summary table is skipped there, and the library task takes its CNN distractors from dev/.
const hasSummaries = existsSync(join(data, 'summarization.jsonl'));
const newsFile = hasSummaries ? join(data, 'summarization.jsonl') : join(scorers, 'dev', 'summarization.jsonl');
for (const f of ['rouge.mjs', 'qa-score.mjs', 'sentences.mjs', 'baselines.mjs', 'library.mjs']) {
  if (!existsSync(join(scorers, f)))
    fail(`${join(scorers, f)} is missing (pass --scorers <dir with rouge.mjs, qa-score.mjs, ...>)`);
}
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
  fail('dist/ is missing: run `npm run build` (npm run eval does it)');

const load = (f) => import(pathToFileURL(join(scorers, f)).href);
const { score: rouge, aggregate } = await load('rouge.mjs');
const { scoreQA, sentenceHit, f1: tokenF1 } = await load('qa-score.mjs');
const { splitSentences } = await load('sentences.mjs');
const { lead, textRank, overlapSentence } = await load('baselines.mjs');
const { buildLibrary, scoreLibrary } = await load('library.mjs');

const readJsonl = (p) =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch (error) {
        return fail(`${p} line ${i + 1}: ${error.message}`);
      }
    });

// The offline figures stay offline even when a model is configured: the model runs only in the --llm rows.
const offlineEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GOVAI_LLM_')));
const llmEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('GOVAI_LLM_')));

/** Tokens, answers used and why the rest kept the offline answer, from `batch ... --llm` records. */
function modelTally(preds) {
  const tokens = preds.reduce((n, p) => n + (p.model?.input_tokens ?? 0) + (p.model?.output_tokens ?? 0), 0);
  const used = preds.filter((p) => p.model?.used).length;
  const reasons = {};
  for (const p of preds) if (p.model && !p.model.used) reasons[p.model.reason] = (reasons[p.model.reason] ?? 0) + 1;
  return { model: preds[0]?.model?.id ?? process.env.GOVAI_LLM_PROVIDER, tokens, used, reasons };
}
const whyKept = (reasons) =>
  Object.entries(reasons)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** Pipes JSON Lines through `govai batch ...`; returns the output records by id and the wall time. */
function batch(args, records, env = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [GOVAI, 'batch', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...offlineEnv, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`govai batch ${args.join(' ')} exited ${code}: ${err.trim().slice(0, 500)}`));
      const byId = new Map();
      for (const line of out.split('\n'))
        if (line.trim()) {
          const r = JSON.parse(line);
          byId.set(r.id, r);
        }
      resolvePromise({ byId, ms: performance.now() - started });
    });
    child.stdin.end(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  });
}

const docs = hasSummaries ? readJsonl(newsFile) : [];
const qa = readJsonl(join(data, 'qa.jsonl'));
const unanswerable = readJsonl(join(data, 'qa-unanswerable.jsonl'));

// ---- summaries
const sum = hasSummaries
  ? await batch(
      ['summarize'],
      docs.map((d) => ({ id: d.id, text: d.article })),
    )
  : { byId: new Map(), ms: 0 };
const rougeOf = (summaries) => {
  const agg = aggregate(
    docs.map((d, i) => rouge(d.reference, summaries[i], { types: ['rouge1', 'rouge2', 'rougeLsum'] })),
  );
  const words = summaries.reduce((s, x) => s + x.split(/\s+/).filter(Boolean).length, 0) / summaries.length;
  const sentences = summaries.reduce((s, x) => s + x.split('\n').filter(Boolean).length, 0) / summaries.length;
  return {
    r1: 100 * agg.rouge1.fmeasure,
    r2: 100 * agg.rouge2.fmeasure,
    rl: 100 * agg.rougeLsum.fmeasure,
    words,
    sentences,
  };
};
const split = docs.map((d) => splitSentences(d.article));
const summaryRows = !hasSummaries
  ? []
  : [
      ['govai', rougeOf(docs.map((d) => sum.byId.get(d.id)?.summary ?? ''))],
      ['Lead-3', rougeOf(split.map((s) => lead(s, 3).join('\n')))],
      ['TextRank-3 (tf-idf + PageRank)', rougeOf(split.map((s) => textRank(s, 3).join('\n')))],
    ];

// ---- answers
const pick = (r) => ({ answer_text: r?.answer_text ?? '', sentence: r?.sentence ?? '' });
const questions = (items) => items.map((q) => ({ id: q.id, question: q.question, context: q.context }));
const all = await batch(['answer', '--threshold', '0'], questions(qa));
const gated = await batch(
  ['answer', ...(values.threshold ? ['--threshold', values.threshold] : [])],
  questions([...qa, ...unanswerable]),
);
const ours = scoreQA(
  qa,
  qa.map((q) => ({ id: q.id, ...pick(all.byId.get(q.id)) })),
);
let answeredHit = 0;
for (const q of qa) {
  const r = gated.byId.get(q.id);
  if (r && !r.abstained && sentenceHit(r.sentence, q.answers)) answeredHit++;
}
const declined = unanswerable.filter((q) => gated.byId.get(q.id)?.abstained !== false).length;
const overlapPreds = qa.map((q) => {
  const s = overlapSentence(q.question, splitSentences(q.context));
  return { id: q.id, answer_text: s, sentence: s };
});
const overlap = scoreQA(qa, overlapPreds);
const first = scoreQA(
  qa,
  qa.map((q) => {
    const s = splitSentences(q.context)[0] ?? '';
    return { id: q.id, answer_text: s, sentence: s };
  }),
);

// ---- the paragraph task through the configured model (--llm): one run at the gate's threshold (the offline answer,
// gated, whenever the model's fails the checks), scored like the offline run at the same threshold.
const scoreRun = (run) => {
  const score = scoreQA(
    qa,
    qa.map((q) => ({ id: q.id, ...pick(run.byId.get(q.id)) })),
  );
  let hit = 0;
  for (const q of qa) {
    const r = run.byId.get(q.id);
    if (r && !r.abstained && sentenceHit(r.sentence, q.answers)) hit++;
  }
  const dec = unanswerable.filter((q) => run.byId.get(q.id)?.abstained !== false).length;
  return { score, answeredHit: hit, declined: dec };
};
let llmParagraph;
if (values.llm) {
  const run = await batch(
    ['answer', '--llm', ...(values.threshold ? ['--threshold', values.threshold] : [])],
    questions([...qa, ...unanswerable]),
    llmEnv,
  );
  const preds = [...qa, ...unanswerable].map((q) => run.byId.get(q.id)).filter(Boolean);
  llmParagraph = { ...modelTally(preds), ...scoreRun(run), offline: scoreRun(gated), ms: run.ms };
}

// ---- report
const f = (x, d = 2) => (x === undefined ? 'n/a' : x.toFixed(d));
const mark = (value, target) => (value >= target ? 'met' : 'MISSED');
const pad = (s, n) => String(s).padEnd(n);
const lines = [];
lines.push(`govai eval: ${data}  (scorers: ${scorers})`);
lines.push('');
// ---- library-wide: the task as a user meets it (one library of every paragraph plus CNN distractors; `govai batch ask`)
const libDir = mkdtempSync(join(tmpdir(), 'govai-eval-lib-'));
const libCounts = buildLibrary(qa, readJsonl(newsFile), libDir);
const libQuestions = readJsonl(join(libDir, 'questions.jsonl'));
const lib = await batch(
  ['ask'],
  libQuestions.map((q) => ({ id: q.id, question: q.question })),
  { GOVAI_BRIEFINGS_DIR: join(libDir, 'briefings') },
);
const libPreds = libQuestions.map((q) => lib.byId.get(q.id)).filter(Boolean);
const libScore = scoreLibrary(libQuestions, libPreds);
// Precision of shown spans: a span is shown when answer_text is not the quote itself; right when F1 >= 0.5 against a gold answer.
let shown = 0;
let shownRight = 0;
for (const q of libQuestions) {
  const p = lib.byId.get(q.id);
  if (!p || p.abstained || q.unanswerable || p.answer_text === p.quote) continue;
  shown++;
  if (Math.max(...q.answers.map((g) => tokenF1(p.answer_text, g))) >= 0.5) shownRight++;
}
const shownPrecision = shown ? (100 * shownRight) / shown : 0;
// ---- the same library-wide task through the configured model (--llm)
let llmRun;
if (values.llm) {
  const run = await batch(
    ['ask', '--llm'],
    libQuestions.map((q) => ({ id: q.id, question: q.question })),
    { ...llmEnv, GOVAI_BRIEFINGS_DIR: join(libDir, 'briefings') },
  );
  const preds = libQuestions.map((q) => run.byId.get(q.id)).filter(Boolean);
  llmRun = { ...modelTally(preds), score: scoreLibrary(libQuestions, preds), ms: run.ms };
}
rmSync(libDir, { recursive: true, force: true });
lines.push(
  `Library-wide (what a user gets): ${libCounts.briefings} briefings, ${libScore.answerable} answerable + ${libScore.unanswerable} unanswerable questions, govai batch ask`,
);
lines.push(
  `  right quote ${f(libScore.rightQuote, 1)}% of answerable | answered ${f(libScore.answered, 1)}% | right when answering ${f(libScore.rightWhenAnswering, 1)}% | span F1 ${f(libScore.spanF1, 1)} | answered ${f(libScore.answeredUnanswerable, 1)}% of unanswerable`,
);
lines.push(
  `  shown spans: ${shown} of ${libScore.answerable} answerable, ${f(shownPrecision, 1)}% with F1 >= 0.5   (${f(lib.ms, 0)} ms, process start and library build included)`,
);
if (llmRun) {
  const r = llmRun.score;
  lines.push(
    `Library-wide through ${llmRun.model} (--llm): right quote ${f(r.rightQuote, 1)}% of answerable | answered ${f(r.answered, 1)}% | right when answering ${f(r.rightWhenAnswering, 1)}% | answered ${f(r.answeredUnanswerable, 1)}% of unanswerable`,
  );
  const why = whyKept(llmRun.reasons);
  lines.push(
    `  model answer used for ${llmRun.used} of ${libQuestions.length} questions${why ? ` (offline answer kept: ${why})` : ''}; tokens used: ${llmRun.tokens}   (${f(llmRun.ms, 0)} ms)`,
  );
}
lines.push('');
if (hasSummaries) {
  lines.push(`Summaries, ${docs.length} documents, F1 x100 (ROUGE with stemming)`);
  lines.push(
    `${pad('system', 37)}${pad('ROUGE-1', 9)}${pad('ROUGE-2', 9)}${pad('ROUGE-Lsum', 12)}${pad('sents', 7)}words`,
  );
  for (const [name, r] of summaryRows)
    lines.push(
      `${pad(name, 37)}${pad(f(r.r1), 9)}${pad(f(r.r2), 9)}${pad(f(r.rl), 12)}${pad(f(r.sentences, 2), 7)}${f(r.words, 1)}`,
    );
  lines.push(
    `${pad('target', 37)}${pad(`>=${TARGETS.rouge1}`, 9)}${pad(`>=${TARGETS.rouge2}`, 9)}${pad(`>=${TARGETS.rougeLsum}`, 12)}`,
  );
  lines.push(`(govai batch summarize: ${f(sum.ms, 0)} ms for ${docs.length} documents, process start included)`);
  lines.push('');
}
lines.push(`Answers, ${qa.length} answerable + ${unanswerable.length} unanswerable questions`);
lines.push(
  `${pad('system', 37)}${pad('hit %', 8)}${pad('EM', 7)}${pad('F1', 7)}${pad('tokens/quote', 14)}${pad('answered+hit %', 16)}declined %`,
);
const thr = values.threshold ?? 'default';
lines.push(
  `${pad('govai', 37)}${pad(f(ours.sentence_hit_rate, 1), 8)}${pad(f(ours.exact_match, 1), 7)}${pad(f(ours.f1, 1), 7)}${pad(f(ours.mean_sentence_tokens, 1), 14)}${pad(f((100 * answeredHit) / qa.length, 1), 16)}${f((100 * declined) / unanswerable.length, 1)}   (threshold: ${thr})`,
);
lines.push(
  `${pad('word overlap (most words in common)', 37)}${pad(f(overlap.sentence_hit_rate, 1), 8)}${pad(f(overlap.exact_match, 1), 7)}${pad(f(overlap.f1, 1), 7)}${pad(f(overlap.mean_sentence_tokens, 1), 14)}${pad('n/a', 16)}n/a (never declines)`,
);
lines.push(
  `${pad('first sentence', 37)}${pad(f(first.sentence_hit_rate, 1), 8)}${pad(f(first.exact_match, 1), 7)}${pad(f(first.f1, 1), 7)}${pad(f(first.mean_sentence_tokens, 1), 14)}${pad('n/a', 16)}n/a`,
);
lines.push(
  `${pad('target', 37)}${pad(`>=${TARGETS.hit}`, 8)}${pad('', 7)}${pad(`>=${TARGETS.f1}`, 7)}${pad('', 14)}${pad(`>=${TARGETS.answeredHit}`, 16)}>=${TARGETS.declined}`,
);
lines.push(
  `(govai batch answer: ${f(all.ms, 0)} ms for ${qa.length} questions without threshold, ${f(gated.ms, 0)} ms for ${qa.length + unanswerable.length} with it)`,
);
if (llmParagraph) {
  const row = (name, r) =>
    lines.push(
      `${pad(name, 37)}${pad(f(r.score.sentence_hit_rate, 1), 8)}${pad(f(r.score.exact_match, 1), 7)}${pad(f(r.score.f1, 1), 7)}${pad(f(r.score.mean_sentence_tokens, 1), 14)}${pad(f((100 * r.answeredHit) / qa.length, 1), 16)}${f((100 * r.declined) / unanswerable.length, 1)}`,
    );
  lines.push(`Answers through ${llmParagraph.model} (--llm), both at the threshold ${thr} (an abstention scores 0)`);
  row('govai offline, gated', llmParagraph.offline);
  row(`govai + ${llmParagraph.model}`.slice(0, 36), llmParagraph);
  const why = whyKept(llmParagraph.reasons);
  lines.push(
    `  model answer used for ${llmParagraph.used} of ${qa.length + unanswerable.length} questions${why ? ` (offline answer kept: ${why})` : ''}; tokens used: ${llmParagraph.tokens}   (${f(llmParagraph.ms, 0)} ms)`,
  );
}
lines.push('');
const ourSum = summaryRows[0]?.[1];
const checks = [
  ['library: right quote, % of answerable', libScore.rightQuote, TARGETS.libRightQuote],
  ['library: right when answering', libScore.rightWhenAnswering, TARGETS.libRightWhenAnswering],
  ['library: unanswerable answered (at most)', libScore.answeredUnanswerable, TARGETS.libAnsweredUnanswerable, 'max'],
  ['library: shown spans with F1 >= 0.5', shownPrecision, TARGETS.shownSpanPrecision],
  ...(ourSum
    ? [
        ['ROUGE-1', ourSum.r1, TARGETS.rouge1],
        ['ROUGE-2', ourSum.r2, TARGETS.rouge2],
        ['ROUGE-Lsum', ourSum.rl, TARGETS.rougeLsum],
      ]
    : []),
  ['sentence hit rate, no threshold', ours.sentence_hit_rate, TARGETS.hit],
  ['answered with a hit, default threshold', (100 * answeredHit) / qa.length, TARGETS.answeredHit],
  ['unanswerable declined, default threshold', (100 * declined) / unanswerable.length, TARGETS.declined],
  ['answer_text F1', ours.f1, TARGETS.f1],
];
lines.push('Targets');
for (const [name, value, target, dir] of checks)
  lines.push(
    `  ${pad(name, 44)}${pad(f(value), 8)}${dir === 'max' ? '<=' : '>='} ${pad(target, 6)}${dir === 'max' ? (value <= target ? 'met' : 'MISSED') : mark(value, target)}`,
  );
console.log(lines.join('\n'));

if (values.json) {
  writeFileSync(
    values.json,
    `${JSON.stringify({ library: { ...libScore, shownSpans: shown, shownSpanPrecision: shownPrecision }, ...(llmRun ? { llm: llmRun } : {}), ...(llmParagraph ? { llmParagraph: { ...llmParagraph, score: strip(llmParagraph.score), offline: { ...llmParagraph.offline, score: strip(llmParagraph.offline.score) } } } : {}), summaries: Object.fromEntries(summaryRows), answers: { ours: strip(ours), overlap: strip(overlap), answeredHit, declined }, checks }, null, 2)}\n`,
  );
}
function strip(r) {
  const { per_item, ...rest } = r;
  return rest;
}
