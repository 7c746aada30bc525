import { describe, expect, it } from 'vitest';
import { answerFromContext, prepareSentences, selectAnswer } from '../../../src/core/nlp/answer.js';
import { answerTextFor } from '../../../src/core/nlp/short-answer.js';
import { definiendumOf, definitionIn } from '../../../src/core/nlp/definition.js';

describe('definitional questions', () => {
  it.each([
    ['What is Constitutional AI?', 'Constitutional AI'],
    ['What are large language models?', 'large language models'],
    ["What's a statocyst?", 'statocyst'],
    ['What is the capital of France?', undefined],
    ['What was the colony called?', undefined],
    ["What is Harvard's rival?", undefined],
    ['Who is the president?', undefined],
    ['Can someone explain what Constitutional AI is?', 'Constitutional AI'],
    ['What does IL6 mean?', 'IL6'],
    ['Define large language models', 'large language models'],
    ['What year is it?', undefined],
  ])('%s asks to define %s', (question, term) => {
    expect(definiendumOf(question)).toBe(term);
  });

  it('takes the aside between dashes, even after a few more words', () => {
    const sentence =
      'Anthropic has leaned on its Constitutional AI training approach - a method that builds specific ' +
      'behavioral rules into Claude at the training level rather than just bolting on filters afterward - as ' +
      'a differentiator for government buyers.';
    expect(answerTextFor('What is Constitutional AI?', sentence)).toBe(
      'a method that builds specific behavioral rules into Claude at the training level rather than just ' +
        'bolting on filters afterward',
    );
  });

  it('takes the parenthesis after the term, but not an acronym', () => {
    const sentence =
      "The intelligence community's interest in large language models (AI systems trained on massive text " +
      'datasets to analyze and generate language) centers on a few tasks.';
    expect(answerTextFor('What are large language models?', sentence)).toBe(
      'AI systems trained on massive text datasets to analyze and generate language',
    );
    expect(
      definitionIn(
        'They register with the General Pharmaceutical Council (GPhC) every year.',
        'General Pharmaceutical Council',
      ),
    ).toBeUndefined();
  });

  it('takes an appositive, a copula, an unspaced em dash and "X called Y"', () => {
    expect(definitionIn('Beroe, a genus of ctenophores, preys on other ctenophores.', 'Beroe')).toBe(
      'a genus of ctenophores',
    );
    expect(
      definitionIn(
        'Floridean starch is a form of starch, which is stored outside the chloroplast.',
        'floridean starch',
      ),
    ).toBe('a form of starch');
    expect(
      definitionIn(
        'Most species are hermaphrodites—a single animal can produce both eggs and sperm, meaning it needs no mate.',
        'hermaphrodite',
      ),
    ).toBe('a single animal can produce both eggs and sperm');
    expect(
      definitionIn(
        'Many keep a vestigial red algal derived chloroplast called an apicoplast, inherited from ancestors.',
        'apicoplast',
      ),
    ).toBe('a vestigial red algal derived chloroplast');
  });

  it('answers a definition question from a passage with the definition, not a noun phrase', () => {
    const context =
      'Ctenophores have no eyes. At the aboral end is a statocyst, a balance sensor consisting of a statolith.';
    expect(answerFromContext('What is a statocyst?', context, 0).answerText).toBe(
      'a balance sensor consisting of a statolith',
    );
  });

  it('a passive after the term is not a definition', () => {
    expect(definitionIn('Statocysts are found in many animals.', 'statocysts')).toBeUndefined();
  });

  it('falls back to the typed span when the sentence gives no definition', () => {
    expect(
      answerTextFor('What is Constitutional AI?', 'Constitutional AI was announced in 2022 by Anthropic.'),
    ).not.toMatch(/^a method/);
  });
});

describe('chat wording around a definition question', () => {
  it('"can someone explain what X is?" gets the definition with full confidence', () => {
    const sentences = prepareSentences([
      'Anthropic is in talks with agencies.',
      'Anthropic has leaned on its Constitutional AI training approach - a method that builds rules into ' +
        'Claude at training time - as a differentiator.',
    ]);
    const best = selectAnswer('Can someone explain what Constitutional AI is?', sentences);
    expect(best?.index).toBe(1);
    expect(best?.answerText).toBe('a method that builds rules into Claude at training time');
    // "someone" and "explain" are chat filler, not topic words the passage must contain.
    expect(best?.score).toBe(1);
  });
});
