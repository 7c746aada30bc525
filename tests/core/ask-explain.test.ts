import { describe, expect, it } from 'vitest';
import { formatExplanation } from '../../src/cli/commands/ask-explain.js';
import { seedLibrary } from '../helpers/seed-library.js';

// `govai ask --explain`: the trace is the same decision `ask` makes, with its reasons. Snapshots pin the reasons
// (a change to a weight, a rung of the ladder or a gate shows up here as a diff to review).
const library = seedLibrary();

describe('ask --explain traces', () => {
  const questions = [
    'When did Microsoft and OpenAI formalize their national security partnership?',
    'Why can\u2019t the work run on a standard commercial cloud?',
    'What are IL5 and IL6?',
    'How many satellites does Anthropic own?',
  ];
  for (const q of questions) {
    it(`"${q}"`, () => {
      const e = library.explain(q);
      // Same outcome as ask: explaining never changes the answer.
      expect(e.result).toEqual(library.ask(q));
      expect(formatExplanation(q, e)).toMatchSnapshot();
    });
  }

  it('names the rung each word matched on, with its weight and the gate', () => {
    const e = library.explain('When did Microsoft and OpenAI formalize their national security partnership?');
    expect(e.winner?.answerType).toBe('date');
    expect(e.winner?.gate).toEqual({ factor: 1, why: 'has a date' });
    const partnership = e.winner?.terms.find((t) => t.term.startsWith('partnership'));
    expect(partnership).toMatchObject({ match: 'exact', credit: 1 });
    expect(e.winner?.terms.map((t) => t.match)).toEqual(Array(6).fill('exact'));
    expect(e.decision).toMatch(/^answered: gate [\d.]+ \(sentence [\d.]+, library-weighted .*\) >= threshold 0.5/);
  });

  it('says whether the span was shown, with its own confidence against the bar, as ask decided', () => {
    const e = library.explain('Who is Anthropic in talks with?');
    expect(e.span).toMatchObject({ text: 'Claude', kind: 'person', shown: false });
    expect(e.span!.confidence).toBeLessThan(e.span!.bar);
    expect(e.result.kind === 'answer' && e.result.answer.answerText).toBeUndefined();
    expect(formatExplanation('Who is Anthropic in talks with?', e)).toMatch(/Span: "Claude" .*not shown/);
    const shown = library.explain('When did Microsoft and OpenAI formalize their national security partnership?');
    expect(shown.span).toMatchObject({ text: '2024', shown: true });
    expect(shown.result.kind === 'answer' && shown.result.answer.answerText).toBe('2024');
  });

  it('says why it declined, with the best sentence it found and its score', () => {
    const e = library.explain('How many satellites does Anthropic own?');
    expect(e.result.kind).toBe('unknown');
    expect(e.decision).toMatch(/^declined: gate -?[\d.]+ \(sentence [\d.]+, .*\) < threshold 0.5/);
    expect(e.winner?.terms.find((t) => t.term.startsWith('satellit'))?.match).toBe('none');
  });

  it("an editor's pair says so", () => {
    expect(library.explain('What are IL5 and IL6?').decision).toMatch(/editor's qa: pair/);
  });
});
