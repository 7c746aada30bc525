// Summarize time (median of repeated runs, warm) on the seed article and 1k/10k/100k-word documents,
// govai beside the npm summarizers a user might pick instead, all in this process on the same text.

import { createRequire } from 'node:module';
import { dist, documentOf, ms, seedBody, sourceArticles, timeIt, wordCount } from '../lib/common.mjs';

export const name = 'summarize';

const require = createRequire(import.meta.url);
/** A peer whose projected time at the next size exceeds this is skipped there (and the table says so). */
const CAP_MS = 20_000;

function peers() {
  const list = [];
  const { SummarizerManager } = require('node-summarizer');
  list.push({ name: 'node-summarizer 1.0.7, frequency', run: (text) => new SummarizerManager(text, 3).getSummaryByFrequency().summary });
  list.push({ name: 'node-summarizer 1.0.7, TextRank', run: async (text) => (await new SummarizerManager(text, 3).getSummaryByRank()).summary });
  const lexrank = require('lexrank');
  list.push({
    name: 'lexrank 1.0.5',
    run: (text) =>
      new Promise((resolve, reject) => lexrank.summarize(text, 3, (err, top) => (err ? reject(err) : resolve(top)))),
  });
  const tr = require('ts-textrank');
  const config = new tr.AbsoluteSummarizerConfig(3, new tr.SorensenDiceSimilarity(), new tr.DefaultTextParser(), 0.85, tr.Summarizer.SORT_OCCURENCE);
  const summarizer = new tr.Summarizer(config, new tr.NullLogger());
  list.push({ name: 'ts-textrank 1.0.3', run: (text) => summarizer.summarize(text, 'en') });
  return list;
}

export async function run() {
  const { summarize } = await dist('core/nlp/summarize.js');
  const { splitSentences, splitSentencesWink } = await dist('core/nlp/text.js');
  const { from, articles } = sourceArticles();
  const inputs = [
    { label: `seed article (${wordCount(seedBody())} words)`, text: seedBody() },
    { label: '1k words', text: documentOf(1_000, articles) },
    { label: '10k words', text: documentOf(10_000, articles) },
    { label: '100k words', text: documentOf(100_000, articles) },
  ];
  const systems = [
    { name: 'govai summarize (default length)', run: (text) => summarize(text), ours: true },
    { name: 'govai summarize, 3 sentences', run: (text) => summarize(text, { sentences: 3 }), ours: true },
    ...peers(),
  ];
  const rows = [];
  const notes = [];
  for (const sys of systems) {
    const cells = [];
    let prev;
    for (const input of inputs) {
      const words = wordCount(input.text);
      if (!sys.ours && prev && prev.median * (words / prev.words) ** 2 > CAP_MS) {
        cells.push(`skipped (~${ms(prev.median * (words / prev.words) ** 2)} projected)`);
        notes.push(`${sys.name} at ${input.label}: skipped, its ${prev.label} time x (size ratio)^2 (it grows quadratically) exceeds the ${CAP_MS / 1000} s cap.`);
        prev = undefined;
        continue;
      }
      const t = await timeIt(() => sys.run(input.text), { budgetMs: sys.ours ? 1500 : 2500 });
      cells.push(`${ms(t.median)}${t.runs === 1 ? ' (1 run)' : ''}`);
      prev = { median: t.median, words, label: input.label };
      input[sys.name] = t.median;
    }
    const t10 = inputs[2][sys.name];
    const t100 = inputs[3][sys.name];
    rows.push([sys.name, ...cells, t10 && t100 ? `x${(t100 / t10).toFixed(0)}` : 'n/a']);
  }
  const splitters = [
    ['govai splitSentences (rule-based, linear)', splitSentences],
    ['wink-nlp sentence pipeline (sbd only)', splitSentencesWink],
  ].map(([label, fn]) => {
    const cells = [];
    for (const input of inputs) cells.push(input);
    return { label, fn };
  });
  const splitRows = [];
  for (const s of splitters) {
    const cells = [];
    for (const input of inputs) cells.push(ms((await timeIt(() => s.fn(input.text), { budgetMs: 800 })).median));
    splitRows.push([s.label, ...cells]);
  }
  return [
    {
      title: `Summarize: median wall time, warm, one process (documents generated from ${from})`,
      columns: ['system', ...inputs.map((i) => i.label), 'growth 10k->100k'],
      rows,
      notes: [
        'Targets: seed < 1 ms, 10k words < 20 ms, 100k words < 250 ms.',
        'Peers summarize to 3 sentences; each cell is the median of repeated runs after a warm-up (a run slower than the budget is run once).',
        ...notes,
      ],
    },
    {
      title: 'Sentence splitting alone (building block of the above)',
      columns: ['splitter', ...inputs.map((i) => i.label)],
      rows: splitRows,
    },
  ];
}
