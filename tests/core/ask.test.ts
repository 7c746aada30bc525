import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/core/briefing.js';
import type { AskResult } from '../../src/core/model.js';
import { seedArticle, seedLibrary } from '../helpers/seed-library.js';

const library = seedLibrary();

function quoteOf(result: AskResult): string {
  if (result.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
  return result.answer.quote;
}

describe('ask over the seed briefing', () => {
  const cases: Array<[string, RegExp, number]> = [
    ['What is Constitutional AI?', /builds specific behavioral rules into Claude/, 5],
    ['Who has a head start?', /Microsoft and OpenAI already have a meaningful head start/, 3],
    ['What are IL5 and IL6?', /Impact Level 5 and 6/, 2],
    ['What is IL6?', /Impact Level 5 and 6/, 2],
    ['Which cloud runs OpenAI models at classified levels?', /Azure Government Secret cloud runs OpenAI models/, 3],
    ['Who is an Anthropic investor and infrastructure partner?', /Amazon Web Services.*Anthropic investor/, 6],
    [
      'When did Microsoft and OpenAI formalize their national security partnership?',
      /formalized an expanded national security partnership in 2024/,
      3,
    ],
    ['What are large language models?', /large language models \(AI systems trained/, 4],
    ['What two-track business is Anthropic building?', /two-track business/, 7],
    ['Is getting into the intelligence community a simple procurement process?', /not a simple procurement process/, 2],
  ];

  for (const [question, expected, paragraph] of cases) {
    it(`"${question}" quotes the right sentence, cited to paragraph ${paragraph}`, () => {
      const result = library.ask(question);
      expect(quoteOf(result)).toMatch(expected);
      if (result.kind !== 'answer') return;
      expect(result.answer.citation).toMatchObject({ briefingId: 'anthropic-intelligence-agencies', paragraph });
      expect(result.answer.score).toBeGreaterThan(0);
      expect(result.answer.score).toBeLessThanOrEqual(1);
    });
  }

  it('quotes the sentence verbatim from the article', () => {
    const result = library.ask('What is Constitutional AI?');
    expect(library.get('anthropic-intelligence-agencies')!.paragraphs.join(' ')).toContain(quoteOf(result));
  });

  it('says it does not know rather than quote something unrelated', () => {
    for (const q of ['What was the contract worth?', 'What is the weather in Paris?', 'Who won the 1998 World Cup?']) {
      expect(library.ask(q).kind, q).toBe('unknown');
    }
  });

  it('handles empty, stop-word-only and 10,000-character questions without throwing', () => {
    expect(library.ask('   ')).toMatchObject({ kind: 'unknown', reason: 'empty' });
    expect(library.ask('what is it?')).toMatchObject({ kind: 'unknown' });
    expect(library.ask(`${'why '.repeat(2_500)}?`)).toMatchObject({ kind: 'unknown', reason: 'too-long' });
  });

  it('searches the right briefing among several and honours --briefing', () => {
    const other = buildBriefing({
      ...seedArticle(),
      id: 'navy-contract',
      title: 'Navy awards cloud contract',
      published: '2026-11-25',
      keywords: [],
      qa: [],
      body:
        'The Navy awarded a $40 million cloud contract to Example Corp on Monday.\nThe deal covers IL6 ' +
        'workloads for fleet logistics.',
    });
    const lib = seedLibrary([other]);
    const r = lib.ask('How much was the Navy cloud contract?');
    expect(quoteOf(r)).toMatch(/\$40 million/);
    expect(lib.ask('What is Constitutional AI?', { briefingId: 'navy-contract' }).kind).toBe('unknown');
    expect(lib.latest()?.id).toBe('navy-contract');
  });
});
