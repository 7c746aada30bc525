import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../src/core/library.js';
import {
  beyondTitleCoverage,
  exactWords,
  gateScore,
  type GateFeatures,
  rankBound,
  rankScore,
} from '../../src/core/library-rank.js';
import { prepareSentences } from '../../src/core/nlp/answer.js';
import { ANSWER_MODEL } from '../../src/core/nlp/answer-model.js';
import { plainBriefing } from '../helpers/seed-library.js';

// The library-wide ranking and decline gate fitted on train/ (library-rank.ts, answer-model.ts rank*/gate* rows):
// more candidate briefings than the search's top 3, a rank score that weighs the whole library, and a gate that
// asks whether the sentence covers the question beyond the briefing's own topic.
const art = plainBriefing;

describe('library ranking and the decline gate', () => {
  it('finds the answer in a briefing the search ranks below the first three', () => {
    // Three briefings with every question word in their title outrank the one that answers (in one body sentence).
    const filler = (i: number) =>
      art(
        `z${i}`,
        `Zorblat bridge traffic opened ${i}`,
        `Zorblat fans met again in town ${i}. A bridge club sold shirts. Traffic was slow. A shop opened.`,
      );
    const answer = art(
      'answer',
      'City history',
      'The old market burned down in 1850. The Zorblat bridge was opened to traffic in 1901 by the mayor. ' +
        'Trams came later.',
    );
    const lib = createLibrary([filler(1), filler(2), filler(3), answer]);
    const e = lib.explain('When was the Zorblat bridge opened to traffic?');
    expect(e.candidates.findIndex((c) => c.briefingId === 'answer')).toBeGreaterThanOrEqual(3);
    expect(e.result).toMatchObject({ kind: 'answer', answer: { citation: { briefingId: 'answer' } } });
    expect(ANSWER_MODEL.candidateBriefings.value).toBeGreaterThan(3);
  });

  it('scores 20 candidate briefings: finds the answer the search ranks below the first ten', () => {
    // Twelve briefings with every question word in their title outrank the one that answers; the rank score (fitted
    // over 20 candidates on train/: 0.2-1.2 more right quotes than over 10 at the same unanswerable share) picks it.
    const fillers = Array.from({ length: 12 }, (_, i) =>
      art(
        `z${i}`,
        `Zorblat bridge traffic opened ${i}`,
        `Zorblat fans met again in town ${i}. A bridge club sold shirts. Traffic was slow. A shop opened.`,
      ),
    );
    const answer = art(
      'answer',
      'City history',
      'The old market burned down in 1850. The Zorblat bridge was opened to traffic in 1901 by the mayor. ' +
        'Trams came later.',
    );
    const e = createLibrary([...fillers, answer]).explain('When was the Zorblat bridge opened to traffic?');
    expect(e.candidates.findIndex((c) => c.briefingId === 'answer')).toBeGreaterThanOrEqual(10);
    expect(e.result).toMatchObject({ kind: 'answer', answer: { citation: { briefingId: 'answer' } } });
    expect(ANSWER_MODEL.candidateBriefings.value).toBe(20);
  });

  it('bounds the rank score from the cheap features, so ask can skip a candidate that cannot matter', () => {
    for (const sentence of [0, 0.3, 1])
      for (const librarySentence of [0, 0.5, 1])
        for (const coverage of [0, 1])
          for (const rank of [0, 5, 19]) {
            const f = { sentence, librarySentence, coverage, rel: 0.4, rank, sentences: 7 };
            expect(rankBound({ rel: 0.4, rank, sentences: 7 })).toBeGreaterThanOrEqual(rankScore(f));
            expect(rankBound({ rel: 0.4, rank, sentences: 7, sentence })).toBeGreaterThanOrEqual(rankScore(f));
          }
    // Many weak candidates after two good ones: ask (which skips) and explain (which scores all) agree on the winner
    // and its gate.
    const weak = Array.from({ length: 18 }, (_, i) =>
      art(`w${i}`, `Harbour notes ${i}`, `The harbour was busy ${i}. Boats came and went. Gulls sat on the pier.`),
    );
    const good = [
      art('a', 'Harbour history', 'The harbour lighthouse was built in 1843 by the city. It still works.'),
      art('b', 'Harbour guide', 'The harbour lighthouse is painted red. Visitors climb it in summer.'),
    ];
    const lib = createLibrary([...good, ...weak]);
    for (const q of ['When was the harbour lighthouse built?', 'What colour is the harbour lighthouse?']) {
      const e = lib.explain(q);
      const top = [...e.candidates].sort((x, y) => y.score - x.score)[0]!;
      expect(e.candidates.length).toBeGreaterThan(10);
      // explain's gate comes from scoring every candidate; ask's decision from the skipping path.
      expect(e.result.kind === 'answer').toBe(e.gate!.score >= e.threshold);
      if (e.result.kind === 'answer') expect(e.result.answer.citation.briefingId).toBe(top.briefingId);
    }
    expect(lib.ask('When was the harbour lighthouse built?')).toMatchObject({
      kind: 'answer',
      answer: { citation: { briefingId: 'a' } },
    });
  });

  it('declines an on-topic question whose fact no sentence holds, answers it once a sentence does', () => {
    const city = (third: string) =>
      art(
        'warsaw',
        'Warsaw',
        `Warsaw is the capital of Poland. Warsaw lies on the Vistula river. ${third} Warsaw has a large old town.`,
      );
    const other = art('other', 'Farming', 'Farmers grow wheat in the plains. Cattle graze in summer.');
    const q = 'How many bridges cross the river in Warsaw?';
    expect(createLibrary([city('Warsaw hosts many festivals.'), other]).ask(q)).toMatchObject({
      kind: 'unknown',
      reason: 'low-confidence',
    });
    const answered = createLibrary([city('Nine bridges cross the river in the city.'), other]).ask(q);
    expect(answered).toMatchObject({ kind: 'answer' });
    if (answered.kind === 'answer') expect(answered.answer.quote).toMatch(/Nine bridges/);
  });

  it("counts only the question's words beyond the briefing's title as the sentence's own evidence", () => {
    const index = prepareSentences(['Warsaw lies on the Vistula river.', 'Nine bridges cross it.']);
    const idf = () => 1;
    const keys = ['warsaw', 'bridg', 'cross'];
    expect(beyondTitleCoverage(keys, 'Warsaw', index, 0, idf)).toBe(0);
    expect(beyondTitleCoverage(keys, 'Warsaw', index, 1, idf)).toBe(1);
    // Nothing beyond the title asked: the title itself answers for the topic.
    expect(beyondTitleCoverage(['warsaw'], 'Warsaw', index, 0, idf)).toBe(1);
  });

  it('puts the fitted bar at the default threshold, and a lead over the runner-up raises the gate', () => {
    const base: GateFeatures = {
      sentence: 0,
      librarySentence: 0,
      coverage: 0,
      rel: 0,
      lead: 0,
      beyondTitle: 0,
      oneExact: 0,
    };
    const at = { ...base, sentence: ANSWER_MODEL.gateBar.value };
    expect(gateScore(at)).toBeCloseTo(ANSWER_MODEL.answerThreshold.value, 9);
    expect(gateScore({ ...at, lead: 1 })).toBeGreaterThan(gateScore(at));
    expect(gateScore({ ...at, lead: 100 })).toBe(gateScore({ ...at, lead: ANSWER_MODEL.gateLeadCap.value }));
    expect(gateScore({ ...at, beyondTitle: 1 })).toBeGreaterThan(gateScore(at));
    expect(gateScore({ ...at, oneExact: 1 })).toBeLessThan(gateScore(at));
  });

  it('counts the question words a sentence holds as written, not its synonyms or the sentence before', () => {
    const [first, second] = prepareSentences([
      'Robert marched north in the spring.',
      'Several men of the troops were lost in the snow.',
    ]);
    const q = "How many men were in Robert's army?";
    expect(exactWords(q, first)).toBe(1);
    expect(exactWords(q, second)).toBe(1);
    expect(exactWords(q, prepareSentences(['Robert had many men in his army.'])[0])).toBe(3);
  });

  it('declines a sentence that holds one question word as written and the rest only loosely (fitted gate)', () => {
    const other = art('other', 'Farming', 'Farmers grow wheat in the plains. Cattle graze in summer.');
    const war = (second: string) =>
      art('war', 'The northern war', `Robert marched north in the spring. ${second} The king wintered in the castle.`);
    const q = "How many men were in Robert's army?";
    const loose = createLibrary([war('Several men of the troops were lost in the snow near the border.'), other]);
    const e = loose.explain(q);
    expect(e.result).toMatchObject({ kind: 'unknown', reason: 'low-confidence' });
    expect(e.gate?.oneExact).toBe(1);
    expect(e.decision).toMatch(/at most one question word as written/);
    // Without the one-exact-word term the same sentence would have passed: the feature is what declines it.
    expect(e.gate!.score - ANSWER_MODEL.gateOneExact.value).toBeGreaterThanOrEqual(ANSWER_MODEL.answerThreshold.value);
    const held = createLibrary([war('Robert had several thousand men in his army near the border.'), other]).ask(q);
    expect(held).toMatchObject({ kind: 'answer' });
    if (held.kind === 'answer') expect(held.answer.quote).toMatch(/several thousand men/);
  });
});
