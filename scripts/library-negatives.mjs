#!/usr/bin/env node
// More unanswerable questions for a library built by ../shared/eval/library.mjs (same hash, same briefings), so a
// gate is fitted and checked on hundreds of them instead of 80: every question of the 4 left-out articles
// (off-topic) and of the 40 left-out paragraphs whose answer no briefing holds (on-topic), up to --max of each,
// appended to DIR/questions.jsonl without repeating the ones already there.
//   node scripts/library-negatives.mjs --qa ../shared/eval/train/qa.jsonl --news ../shared/eval/dev/summarization.jsonl --lib /tmp/lib-train [--max 400]
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { qa: { type: 'string' }, news: { type: 'string' }, lib: { type: 'string' }, max: { type: 'string' } },
});
if (!values.qa || !values.news || !values.lib) {
  console.error(
    'library-negatives: --qa, --news and --lib (a library built by library.mjs from the same files) are needed',
  );
  process.exit(2);
}
const max = Number(values.max ?? 400);
const h = (s) => createHash('sha256').update(`govai-lib-v1:${s}`).digest('hex');
const byHash = (key) => (a, b) => (h(key(a)) < h(key(b)) ? -1 : 1);
const norm = (s) =>
  ` ${s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ')} `;
const readJsonl = (p) =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const qa = readJsonl(values.qa);
const news = readJsonl(values.news);
// The same choices as library.mjs buildLibrary (its defaults: 4 articles and 40 paragraphs left out, 150 stories).
const titles = [...new Set(qa.map((q) => q.title))].sort(byHash((t) => t));
const excluded = new Set(titles.slice(0, 4));
const included = qa.filter((q) => !excluded.has(q.title));
const allContexts = [...new Set(included.map((q) => q.context))].sort(byHash((c) => c));
const absent = new Set(allContexts.slice(0, 40));
const held = norm(
  [...allContexts.filter((c) => !absent.has(c)), ...news.slice(0, 150).map((d) => d.article)].join(' \n '),
);
const questionsFile = join(values.lib, 'questions.jsonl');
const have = new Set(readJsonl(questionsFile).map((q) => q.id));
const off = qa
  .filter((q) => excluded.has(q.title))
  .sort(byHash((q) => q.id))
  .slice(0, max);
const on = included
  .filter((q) => absent.has(q.context) && q.answers.every((a) => !held.includes(norm(a))))
  .sort(byHash((q) => q.id))
  .slice(0, max);
const rows = [...off, ...on]
  .map((q) => ({ id: `${q.id}-lib-neg`, question: q.question, answers: [], unanswerable: true }))
  .filter((r) => !have.has(r.id));
if (rows.length > 0) appendFileSync(questionsFile, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
console.log(JSON.stringify({ added: rows.length, offTopic: off.length, onTopic: on.length }));
