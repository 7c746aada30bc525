import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/core/briefing.js';
import { parseCommand } from '../../src/core/commands.js';
import { parseBriefingFile } from '../../src/core/front-matter.js';
import { createLibrary } from '../../src/core/library.js';
import { answerFromContext } from '../../src/core/nlp/answer.js';
import { summarize } from '../../src/core/nlp/summarize.js';
import { createTriggerMatcher } from '../../src/core/triggers.js';
import { seedLibrary } from '../helpers/seed-library.js';

// Arbitrary Unicode (full code points, including astral planes and control characters) must never throw.
const anyText = fc.string({ unit: 'binary', maxLength: 400 });
const proseish = fc
  .array(
    fc.oneof(
      anyText,
      fc.constantFrom(
        'IL6. ',
        'The agency (DoD) said - a method that works. ',
        '\n\n## Heading?\n',
        'Dr. Smith paid $5 million on 3 May 2024. ',
      ),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe('core properties', () => {
  it('summarize never throws and returns sentences of the input, in order', () => {
    fc.assert(
      fc.property(proseish, fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }), (text, n) => {
        const picked = summarize(text, n ? { sentences: n } : {});
        const indexes = picked.map((s) => s.index);
        expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
        for (const s of picked) expect(text).toContain(s.text.trim().slice(0, 20));
      }),
      { numRuns: 150 },
    );
  });

  it('buildBriefing and ask never throw on arbitrary article bodies and questions', () => {
    fc.assert(
      fc.property(proseish, anyText, (body, question) => {
        const b = buildBriefing({
          id: 'p',
          title: 'T',
          source: 'S',
          published: '2026-01-01',
          tags: [],
          keywords: [],
          qa: [],
          body: body || 'x',
        });
        for (const k of b.keyPoints) expect(b.paragraphs[k.citation.paragraph - 1]).toBeDefined();
        const r = createLibrary([b]).ask(question);
        expect(['answer', 'unknown']).toContain(r.kind);
      }),
      { numRuns: 100 },
    );
  });

  it('ask over the seed never throws and any answer quotes the article verbatim', () => {
    const library = seedLibrary();
    const text = library.briefings[0]!.paragraphs.join(' ');
    fc.assert(
      fc.property(anyText, (q) => {
        const r = library.ask(q);
        if (r.kind === 'answer') {
          expect(text).toContain(r.answer.quote);
          if (r.answer.answerText) expect(r.answer.quote).toContain(r.answer.answerText);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('batch answering from a context never throws', () => {
    fc.assert(
      fc.property(proseish, anyText, (context, question) => {
        const a = answerFromContext(question, context);
        expect(a.score).toBeGreaterThanOrEqual(0);
        if (!a.abstained) expect(context).toContain(a.sentence.slice(0, 10));
      }),
      { numRuns: 150 },
    );
  });

  it('parsers and the trigger matcher never throw', () => {
    fc.assert(
      fc.property(anyText, fc.array(anyText, { maxLength: 5 }), (text, terms) => {
        expect(parseCommand(text).name).toBeTypeOf('string');
        expect(typeof parseBriefingFile(text).ok).toBe('boolean');
        const m = createTriggerMatcher(terms);
        const hit = m.match(text);
        if (hit !== undefined) expect(m.terms).toContain(hit);
      }),
      { numRuns: 300 },
    );
  });
});
