// One ask measurement in its own process (so peak memory is this size's alone):
//   node bench/lib/ask-child.mjs <briefings> <system: govai|scan>
// Prints one JSON line: build time, per-question latencies (first and repeated pass), peak RSS.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_DIR, dist, percentile, readJsonl, seedBody, sourceArticles } from './common.mjs';

const count = Number(process.argv[2] ?? 10);
const system = process.argv[3] ?? 'govai';
const QUESTIONS = 400;

const { splitSentences, contentTerms } = await dist('core/nlp/text.js');

/** Briefing texts: SQuAD paragraphs (their questions are asked) then CNN paragraphs of 4 sentences. */
function texts() {
  const qaFile = join(DEV_DIR, 'qa.jsonl');
  const out = [];
  const questions = [];
  if (existsSync(qaFile)) {
    const seen = new Map();
    for (const q of readJsonl(qaFile)) {
      if (!seen.has(q.context)) {
        seen.set(q.context, out.length);
        out.push({ title: q.title.replace(/_/g, ' '), body: q.context });
      }
      questions.push({ question: q.question, answers: q.answers });
    }
    for (const a of sourceArticles().articles) {
      const s = splitSentences(a);
      for (let i = 0; i + 4 <= s.length; i += 4)
        out.push({ title: s[i].slice(0, 60), body: s.slice(i, i + 4).join(' ') });
    }
  } else {
    const paragraphs = seedBody()
      .split(/\n+/)
      .filter((p) => p.length > 80);
    for (const [i, p] of paragraphs.entries()) out.push({ title: `Seed paragraph ${i + 1}`, body: p });
    for (const q of [
      'What is Constitutional AI?',
      'Who has a head start?',
      'When was the partnership formalized?',
      'What are IL5 and IL6?',
    ])
      questions.push({ question: q, answers: [] });
  }
  return { texts: out, questions };
}

const { texts: pool, questions } = texts();
const briefings = [];
for (let i = 0; i < count; i++) {
  const t = pool[i % pool.length];
  const round = Math.floor(i / pool.length);
  briefings.push({
    id: `b${i}`,
    title: round ? `${t.title} (${round})` : t.title,
    headline: t.title,
    source: 'bench',
    published: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
    tags: [],
    keywords: [],
    tldr: '',
    keyPoints: [],
    sections: [],
    glossary: [],
    entities: [],
    qa: [],
    paragraphs: [t.body],
  });
}
// The same questions at every size (SQuAD questions; from 1,000 briefings up their paragraphs are in the library).
const asked = questions.slice(0, QUESTIONS);

let ask;
const t0 = performance.now();
let update;
if (system === 'govai') {
  const { createLibrary } = await dist('core/library.js');
  const { createSearchIndex } = await dist('core/search-index.js');
  const index = createSearchIndex();
  const library = createLibrary(briefings, index);
  ask = (q) => library.ask(q);
  // Adding one briefing: a new library on the shared index (what a reload does) against a full rebuild.
  update = () => {
    const extra = { ...briefings[0], id: 'added-one', title: 'Added while running', paragraphs: ['A new briefing.'] };
    const s1 = performance.now();
    createLibrary([...briefings, extra], index);
    const incremental = performance.now() - s1;
    const s2 = performance.now();
    createLibrary([...briefings, extra]);
    const full = performance.now() - s2;
    return { incremental, full };
  };
} else {
  // Peer: no index, word overlap over every sentence of every briefing (the eval's baseline, at library scale).
  const sentences = [];
  for (const b of briefings)
    for (const s of splitSentences(b.paragraphs[0])) sentences.push({ text: s, terms: new Set(contentTerms(s)) });
  ask = (q) => {
    const qt = new Set(contentTerms(q));
    let best;
    let bestScore = 0;
    for (const s of sentences) {
      let n = 0;
      for (const t of qt) if (s.terms.has(t)) n++;
      if (n > bestScore) {
        bestScore = n;
        best = s;
      }
    }
    return best ? { kind: 'answer', answer: { quote: best.text } } : { kind: 'unknown' };
  };
}
const buildMs = performance.now() - t0;

const pass = () =>
  asked.map((q) => {
    const s = performance.now();
    const r = ask(q.question);
    return { ms: performance.now() - s, r };
  });
const first = pass();
const again = pass();
const answered = first.filter((x) => x.r.kind === 'answer').length;
const added = update?.();
const lat = (xs) => xs.map((x) => x.ms);
process.stdout.write(
  `${JSON.stringify({
    briefings: count,
    system,
    questions: asked.length,
    buildMs,
    firstP50: percentile(lat(first), 50),
    firstP90: percentile(lat(first), 90),
    againP50: percentile(lat(again), 50),
    answered,
    ...(added ? { addIncrementalMs: added.incremental, addFullMs: added.full } : {}),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
