// Shared bench helpers: inputs (seed article and documents generated from the dev articles when
// ../shared/eval/dev is present, from the seed otherwise), timing (median of repeated runs), tables.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEV_DIR = resolve(process.env.GOVAI_EVAL_DATA ?? join(ROOT, '..', 'shared', 'eval', 'dev'));
export const SEED_FILE = join(ROOT, 'briefings', 'anthropic-intelligence-agencies.md');

/** Imports a compiled module from dist/ (npm run bench builds first). */
export function dist(path) {
  const file = join(ROOT, 'dist', path);
  if (!existsSync(file)) throw new Error(`bench: ${file} is missing; run \`npm run build\` (npm run bench does it)`);
  return import(pathToFileURL(file).href);
}

export function readJsonl(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** The seed briefing's body (front matter removed). */
export function seedBody() {
  const text = readFileSync(SEED_FILE, 'utf8');
  const m = /^---\n[\s\S]*?\n---\n/.exec(text);
  return (m ? text.slice(m[0].length) : text).trim();
}

/** An article as buildBriefing takes it: `body` under an id and title, no tags, keywords or Q&A of its own. */
export function benchArticle(id, title, body) {
  return { id, title, source: 'bench', published: '2026-01-01', tags: [], keywords: [], qa: [], body };
}

/** Source articles: the dev CNN articles when present, else the seed repeated. */
export function sourceArticles() {
  const file = join(DEV_DIR, 'summarization.jsonl');
  if (existsSync(file)) return { from: 'eval/dev articles', articles: readJsonl(file).map((d) => d.article) };
  return { from: 'the seed article (../shared/eval/dev not found)', articles: [seedBody()] };
}

export const wordCount = (text) => text.split(/\s+/).filter(Boolean).length;

/** A document of about `words` words: whole articles joined as paragraphs, the last one cut at a sentence. */
export function documentOf(words, articles) {
  const parts = [];
  let have = 0;
  for (let i = 0; have < words; i++) {
    const a = articles[i % articles.length];
    const w = a.split(/\s+/).filter(Boolean);
    const take = Math.min(w.length, words - have);
    let piece = w.slice(0, take).join(' ');
    if (take < w.length) piece = piece.replace(/[^.!?]*$/, '') || piece;
    parts.push(piece);
    have += take;
  }
  return parts.join('\n\n');
}

/**
 * Median wall time of fn() in ms. Warms up first, then repeats until `budgetMs` is spent
 * (at least `min` and at most `max` runs). A first run slower than the budget is the only run.
 */
export async function timeIt(fn, { budgetMs = 1500, min = 3, max = 50, warmup = 2 } = {}) {
  const first = await timed(fn);
  if (first > budgetMs) return { median: first, runs: 1, times: [first] };
  for (let i = 1; i < warmup; i++) await timed(fn);
  const times = [];
  const start = performance.now();
  while (times.length < max && (times.length < min || performance.now() - start < budgetMs))
    times.push(await timed(fn));
  return { median: median(times), runs: times.length, times };
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? Number.NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Human-friendly milliseconds. */
export function ms(x) {
  if (!Number.isFinite(x)) return 'n/a';
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`;
  if (x >= 10) return `${x.toFixed(0)} ms`;
  if (x >= 1) return `${x.toFixed(2)} ms`;
  return `${x.toFixed(3)} ms`;
}

/** Formats { title, columns, rows, notes } as an aligned text table (also valid Markdown). */
export function formatTable(table) {
  const rows = [table.columns, ...table.rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = table.columns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [
    `### ${table.title}`,
    '',
    line(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ];
  for (const n of table.notes ?? []) out.push('', `- ${n}`);
  return out.join('\n');
}
