// One summarizer measured in its own process: node bench/lib/summarize-child.mjs <system>
// (Isolation matters: loading lexrank patches built-in prototypes, which slows every RegExp and string
// method in the process about tenfold, so sharing a process would misreport the others.)
// Prints one JSON line: { label, results: [{ input, words, median, runs } | { input, skipped, projected }] }.

import { createRequire } from 'node:module';
import { dist, documentOf, seedBody, sourceArticles, timeIt, wordCount } from './common.mjs';

const require = createRequire(import.meta.url);
/** A peer whose projected time at the next size exceeds this is skipped there (and the table says so). */
const CAP_MS = 20_000;

async function system(name) {
  if (name === 'govai') {
    const { summarize } = await dist('core/nlp/summarize.js');
    return { label: 'govai summarize (length chosen per document)', ours: true, run: (text) => summarize(text) };
  }
  if (name === 'govai-3') {
    const { summarize } = await dist('core/nlp/summarize.js');
    return { label: 'govai summarize, 3 sentences', ours: true, run: (text) => summarize(text, { sentences: 3 }) };
  }
  if (name === 'split') {
    const { splitSentences } = await dist('core/nlp/text.js');
    return { label: 'govai splitSentences (rule-based, linear)', ours: true, run: (text) => splitSentences(text) };
  }
  if (name === 'wink-sbd') {
    const { splitSentencesWink } = await dist('core/nlp/text.js');
    return { label: 'wink-nlp sentence pipeline (sbd only)', ours: true, run: (text) => splitSentencesWink(text) };
  }
  if (name === 'ns-frequency') {
    const { SummarizerManager } = require('node-summarizer');
    return {
      label: 'node-summarizer 1.0.7, frequency',
      run: (text) => new SummarizerManager(text, 3).getSummaryByFrequency().summary,
    };
  }
  if (name === 'ns-textrank') {
    const { SummarizerManager } = require('node-summarizer');
    return {
      label: 'node-summarizer 1.0.7, TextRank',
      run: async (text) => (await new SummarizerManager(text, 3).getSummaryByRank()).summary,
    };
  }
  if (name === 'lexrank') {
    const lexrank = require('lexrank');
    return {
      label: 'lexrank 1.0.5',
      run: (text) =>
        new Promise((resolve, reject) => lexrank.summarize(text, 3, (err, top) => (err ? reject(err) : resolve(top)))),
    };
  }
  if (name === 'ts-textrank') {
    const tr = require('ts-textrank');
    const config = new tr.AbsoluteSummarizerConfig(
      3,
      new tr.SorensenDiceSimilarity(),
      new tr.DefaultTextParser(),
      0.85,
      tr.Summarizer.SORT_OCCURENCE,
    );
    const summarizer = new tr.Summarizer(config, new tr.NullLogger());
    return { label: 'ts-textrank 1.0.3', run: (text) => summarizer.summarize(text, 'en') };
  }
  throw new Error(`unknown system ${name}`);
}

export function inputs() {
  const { articles } = sourceArticles();
  return [
    { label: `seed article (${wordCount(seedBody())} words)`, text: seedBody() },
    { label: '1k words', text: documentOf(1_000, articles) },
    { label: '10k words', text: documentOf(10_000, articles) },
    { label: '100k words', text: documentOf(100_000, articles) },
  ];
}

const sys = await system(process.argv[2] ?? 'govai');
const results = [];
let prev;
for (const input of inputs()) {
  const words = wordCount(input.text);
  const projected = prev ? prev.median * (words / prev.words) ** 2 : 0;
  if (!sys.ours && projected > CAP_MS) {
    results.push({ input: input.label, skipped: true, projected });
    prev = undefined;
    continue;
  }
  const t = await timeIt(() => sys.run(input.text), { budgetMs: sys.ours ? 1500 : 2500 });
  results.push({ input: input.label, words, median: t.median, runs: t.runs });
  prev = { median: t.median, words };
}
process.stdout.write(`${JSON.stringify({ label: sys.label, results })}\n`);
