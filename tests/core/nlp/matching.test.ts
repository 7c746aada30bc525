import { describe, expect, it } from 'vitest';
import { answerFromContext, CONTEXT_TUNING, prepareSentences, selectAnswer } from '../../../src/core/nlp/answer.js';

// The matching features behind the answerer's sentence choice. Each case is built so that it flips
// when its feature is switched off (via the tuning weights) or removed.

describe('sentence matching', () => {
  it('breaks a tie between two sentences with every question word by the exact wording', () => {
    const sentences = prepareSentences([
      'An enzyme specific to chloroplast proteins phosphorylates many of them.',
      'Phosphorylation helps many proteins bind the polypeptide.',
    ]);
    // Both hold the stem of "phosphorylation"; only the second writes it as the question does.
    expect(selectAnswer('What does phosphorylation do?', sentences)?.index).toBe(1);
    expect(
      selectAnswer('What does phosphorylation do?', sentences, undefined, { tuning: { surfaceWeight: 0 } })?.index,
    ).toBe(0);
  });

  it('the exact-wording bonus still counts when both sentences score full marks', () => {
    const sentences = prepareSentences([
      'Granal thylakoids are arranged in grana stacks.',
      'Granal thylakoids are pancake-shaped circular disks.',
    ]);
    // The first has no "shape"; the second has it inside "pancake-shaped". The score is capped at 1, the ranking is
    // not.
    const best = selectAnswer('What shape are granal thylakoids?', sentences);
    expect(best?.index).toBe(1);
    expect(best?.score).toBeLessThanOrEqual(1);
  });

  it('matches each part of a hyphenated word', () => {
    const sentences = prepareSentences([
      'The government runs several selective schools.',
      'All schools must comply with government-set curriculum standards.',
    ]);
    expect(selectAnswer('What government set standards do all schools have to meet?', sentences)?.index).toBe(1);
  });

  it('matches a country with its people ("Dutch"/"Netherlands") and a derived form ("inventor"/"invented")', () => {
    const people = prepareSentences([
      'The ships sailed in the spring.',
      'The Dutch settlers arrived at the Cape in 1688.',
    ]);
    expect(selectAnswer('When did settlers from the Netherlands arrive at the Cape?', people)?.index).toBe(1);
    const derived = prepareSentences([
      'The workshop was busy that year.',
      'Bell invented the telephone in his workshop.',
    ]);
    expect(selectAnswer('Who was the inventor of the telephone?', derived)?.index).toBe(1);
  });

  it('a sentence opening with a connective ("However,") takes no pronoun credit from the one before', () => {
    const q = 'Who do most jurisdictions say can give scheduled drugs to the public?';
    const paragraph = (last: string) =>
      prepareSentences([
        'In most jurisdictions, pharmacists are regulated separately from physicians.',
        'These jurisdictions also specify that only pharmacists may give scheduled pharmaceuticals to the public.',
        last,
      ]);
    // "However" names nothing from the sentence before: its question words there count as a neighbour's (0.45),
    // not a pronoun's (0.7), and the sentence that answers keeps the lead (it took the answer from 5 train/ and 1
    // dev/ questions, none lost).
    expect(
      selectAnswer(q, paragraph('However, the American Medical Association lets physicians dispense drugs.'))?.index,
    ).toBe(1);
    // A pronoun does point back: the same sentence opening with "They" still borrows the words before at 0.7.
    expect(
      selectAnswer(q, paragraph('They let the American Medical Association dispense drugs in their offices.'))?.index,
    ).toBe(2);
  });

  it('counts the question\'s filler words ("named after") at a fraction of their weight', () => {
    const sentences = prepareSentences([
      'The Victoria and Albert Museum is the largest museum of decorative arts in London.',
      'It was founded in 1852 and named after Queen Victoria and Prince Albert.',
    ]);
    const q = 'Which monarchs was the Victoria and Albert Museum named after?';
    // "named" says nothing about the topic, but the sentence that repeats it holds the answer; dropped (weight 0),
    // the first sentence's exact "Museum" outweighs the second's "It" (8 train/ and 1 dev/ question won).
    expect(selectAnswer(q, sentences)?.index).toBe(1);
    expect(selectAnswer(q, sentences, undefined, { tuning: { fillerWeight: 0 } })?.index).toBe(0);
    // A bonus only: a sentence without the filler word scores as if the question had none.
    const without = prepareSentences(['The Victoria and Albert Museum is the largest museum in London.']);
    expect(selectAnswer(q, without)?.score).toBe(
      selectAnswer(q, without, undefined, { tuning: { fillerWeight: 0 } })?.score,
    );
  });

  it('paragraph given, a name in the question weighs less: it is the topic, not what picks the sentence', () => {
    const context =
      'Olivier Messiaen was a French composer who used prime numbers in his music. In works such as La Nativité du ' +
      'Seigneur, he employs motifs with lengths given by different primes.';
    const q = 'What is one work by Olivier Messiaen?';
    const sentences = prepareSentences([
      'Olivier Messiaen was a French composer who used prime numbers in his music.',
      'In works such as La Nativité du Seigneur, he employs motifs with lengths given by different primes.',
    ]);
    // Over a library a name finds the briefing and keeps its full weight (the introducing sentence wins there);
    // batch answer weighs it 0.8 (CONTEXT_TUNING: train/ 15 questions won, 6 lost; dev/ 1 won).
    expect(CONTEXT_TUNING.nameWeight).toBe(0.8);
    expect(selectAnswer(q, sentences)?.index).toBe(0);
    expect(selectAnswer(q, sentences, undefined, { tuning: CONTEXT_TUNING })?.index).toBe(1);
    expect(answerFromContext(q, context).answerText).toBe('La Nativité du Seigneur');
  });

  it('forgives a one-letter typo in a long word', () => {
    const sentences = prepareSentences([
      'Many authors wrote about disobedience.',
      'Eilmann argues that protest against banks can be justified.',
    ]);
    const q = 'What does Eildmann argue about banks?';
    expect(selectAnswer(q, sentences)?.index).toBe(1);
    expect(selectAnswer(q, sentences, undefined, { tuning: { fuzzyWeight: 0 } })!.score).toBeLessThan(
      selectAnswer(q, sentences)!.score,
    );
  });

  it('a "why" question prefers the sentence that gives a cause', () => {
    const sentences = prepareSentences([
      'The special reports were issued in 2011 after long review.',
      'The special reports were issued because governments requested them.',
    ]);
    const q = 'Why were the special reports issued?';
    expect(selectAnswer(q, sentences)?.index).toBe(1);
    expect(
      selectAnswer(q, sentences, undefined, { tuning: { reasonMissFactor: 1, surfaceWeight: 0, bigramWeight: 0 } })
        ?.index,
    ).toBe(0);
  });

  it('a "why" answer is the clause that gives the cause', () => {
    const a = answerFromContext(
      'Why were the special reports issued?',
      'The special reports were issued in 2011 because governments requested them, the panel said.',
      0,
    );
    expect(a.answerText).toBe('because governments requested them');
  });

  it('declines an unrelated passage at the default threshold', () => {
    const a = answerFromContext(
      'Who invented the telephone?',
      'The river floods every spring. Farmers plant rice after the water recedes.',
    );
    expect(a.abstained).toBe(true);
  });
});
