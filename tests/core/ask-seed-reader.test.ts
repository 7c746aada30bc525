import { describe, expect, it } from 'vitest';
import type { AskResult } from '../../src/core/model.js';
import { seedLibrary } from '../helpers/seed-library.js';

// Ten questions a reader of the seed article would ask in their own words (not the article's), each with the
// sentence that answers it and the spans that would be a sensible bold "Answer:". Issue 10's target: at least
// 9 of 10 quote the right sentence, and no reply shows a span that is not a sensible answer.
const READER: Array<{ q: string; sentence: RegExp; spans?: RegExp }> = [
  { q: 'Who is Anthropic in talks with?', sentence: /Anthropic is advancing talks to supply its Claude models/ },
  {
    q: 'Why can\u2019t the work run on a standard commercial cloud?',
    sentence: /None of that can happen on a standard commercial cloud/,
    spans: /air-gapped|classified/,
  },
  {
    q: 'Does this change anything for commercial Claude users?',
    sentence: /none of this changes anything about the product/,
  },
  {
    q: 'Who already has a head start?',
    sentence: /Microsoft and OpenAI already have a meaningful head start/,
    spans: /Microsoft|OpenAI/,
  },
  {
    q: 'What is Constitutional AI?',
    sentence: /Constitutional AI training approach/,
    spans: /method|behavioral rules|training/,
  },
  {
    q: 'When did Microsoft and OpenAI expand their national security partnership?',
    sentence: /in 2024/,
    spans: /^2024$/,
  },
  { q: 'What do intelligence agencies want to use language models for?', sentence: /centers on a few concrete tasks/ },
  { q: 'Is Amazon an investor in Anthropic?', sentence: /Amazon Web Services.*Anthropic investor/ },
  { q: 'What kind of business is Anthropic building?', sentence: /two-track business/ },
  {
    q: 'What security standards must AI providers meet?',
    sentence: /Impact Level 5 and 6/,
    spans: /Impact Level|IL5|IL6|federal security standards/,
  },
];

const library = seedLibrary();

function outcome(question: string): { result: AskResult; quote: string; span?: string } {
  const result = library.ask(question);
  if (result.kind !== 'answer') return { result, quote: '' };
  return {
    result,
    quote: result.answer.quote,
    ...(result.answer.answerText ? { span: result.answer.answerText } : {}),
  };
}

describe('the seed article, asked as a reader would', () => {
  it('quotes the right sentence for at least 9 of 10 plain questions', () => {
    const right = READER.filter(({ q, sentence }) => sentence.test(outcome(q).quote));
    const wrong = READER.filter((r) => !right.includes(r)).map((r) => `${r.q} -> ${outcome(r.q).quote || 'declined'}`);
    expect(right.length, `missed:\n${wrong.join('\n')}`).toBeGreaterThanOrEqual(9);
  });

  // "Who is Anthropic in talks with?" used to show "Claude" (the nearest name, not the agencies): the span's own
  // confidence (span-confidence.ts: many rival names, a narrow lead) now keeps it back and the quote stands alone.
  for (const { q, spans } of READER) {
    it(`"${q}" shows no nonsense span`, () => {
      const { span, quote } = outcome(q);
      if (span === undefined) return;
      // A shown span must be part of the quote and one of the sensible answers (none for yes/no and why).
      expect(quote).toContain(span);
      expect(spans, `no span is expected for "${q}", got "${span}"`).toBeDefined();
      expect(span).toMatch(spans!);
    });
  }

  it('the two questions the issue names are answered: the commercial-users one without a span', () => {
    const users = outcome('Does this change anything for commercial Claude users?');
    expect(users.quote).toMatch(/none of this changes anything/);
    expect(users.span).toBeUndefined();
    expect(outcome('Why can\u2019t the work run on a standard commercial cloud?').quote).toMatch(
      /standard commercial cloud/,
    );
  });
});
