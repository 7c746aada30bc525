// Keyword scanning throughput: messages per second for "does this chat message mention a watched term",
// govai's one compiled RegExp alternation beside a loop of one RegExp per term, on the same messages.

import { dist, seedBody, sourceArticles } from '../lib/common.mjs';

export const name = 'triggers';

const MESSAGES = 100_000;

/** Chat-sized messages (up to 20 words) cut from the source articles' sentences. */
function messages(splitSentences) {
  const out = [];
  const { articles } = sourceArticles();
  for (const a of articles) {
    for (const s of splitSentences(a)) {
      out.push(s.split(/\s+/).slice(0, 20).join(' '));
      if (out.length >= MESSAGES) return out;
    }
  }
  if (out.length === 0) out.push(seedBody().slice(0, 120));
  // Fewer sentences than messages: cycle through them (a fresh copy, so nothing is cached per string).
  const distinct = out.length;
  for (let i = 0; out.length < MESSAGES; i++) out.push(` ${out[i % distinct]}`.slice(1));
  return out;
}

/** Watched terms: names from the articles (capitalised words never seen in lower case), most frequent first. */
function terms(list, count) {
  const freq = new Map();
  const lower = new Set();
  for (const m of list) {
    for (const w of m.match(/\b[A-Z][a-z]{3,}\b/g) ?? []) freq.set(w, (freq.get(w) ?? 0) + 1);
    for (const w of m.match(/\b[a-z]{4,}\b/g) ?? []) lower.add(w);
  }
  return [...freq.entries()]
    .filter(([w]) => !lower.has(w.toLowerCase()))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([w]) => w)
    .slice(0, count);
}

function rate(list, fn) {
  fn(list[0]);
  const t0 = performance.now();
  let hits = 0;
  for (const m of list) if (fn(m) !== undefined) hits++;
  const s = (performance.now() - t0) / 1000;
  return { perSecond: list.length / s, hits: hits / list.length };
}

const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(0)} k/s`);

export async function run() {
  const { createTriggerMatcher } = await dist('core/triggers.js');
  const { splitSentences } = await dist('core/nlp/text.js');
  const list = messages(splitSentences);
  const rows = [];
  for (const n of [10, 100, 1_000]) {
    const watched = terms(list, n);
    const matcher = createTriggerMatcher(watched);
    const ours = [rate(list, (m) => matcher.match(m)), rate(list, (m) => matcher.match(m))].sort(
      (a, b) => b.perSecond - a.perSecond,
    )[0];
    const regexps = watched.map((t) => new RegExp(`\\b${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i'));
    const loopMessages = n >= 1_000 ? list.slice(0, 10_000) : list;
    const loop = rate(loopMessages, (m) => regexps.find((r) => r.test(m)));
    rows.push([
      String(watched.length),
      fmt(ours.perSecond),
      `${(100 * ours.hits).toFixed(1)}%`,
      fmt(loop.perSecond),
      `${loopMessages.length.toLocaleString('en-US')}`,
    ]);
  }
  return [
    {
      title: `Keyword scanning: ${list.length.toLocaleString('en-US')} chat-sized messages, whole words, case-insensitive`,
      columns: [
        'watched terms',
        'govai (one compiled RegExp)',
        'messages matching',
        'peer: loop of per-term RegExps',
        'messages (peer)',
      ],
      rows,
      notes: [
        'Target: > 500,000 messages/s with 1,000 terms.',
        'The per-term loop scans 10,000 messages at 1,000 terms (it would take about 20 s on 100,000).',
      ],
    },
  ];
}
