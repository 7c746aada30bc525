import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/core/briefing.js';
import { splitSentences } from '../../src/core/nlp/text.js';
import { seedArticle, seedBriefing } from '../helpers/seed-library.js';

const everything = (b: ReturnType<typeof seedBriefing>) =>
  [
    b.tldr,
    ...b.keyPoints.map((k) => k.text),
    ...b.glossary.flatMap((g) => [g.term, g.definition]),
    ...b.entities,
    ...b.qa.flatMap((q) => [q.question, q.answer]),
  ].join('\n');

describe('the seed briefing', () => {
  const b = seedBriefing();

  it('has a headline, a one-or-two sentence TL;DR and three to five cited key points', () => {
    expect(b.headline).toBe('Anthropic in talks to supply Claude to U.S. intelligence agencies');
    const sentences = splitSentences(b.tldr);
    expect(sentences.length).toBeGreaterThanOrEqual(1);
    expect(sentences.length).toBeLessThanOrEqual(2);
    expect(b.keyPoints.length).toBeGreaterThanOrEqual(3);
    expect(b.keyPoints.length).toBeLessThanOrEqual(5);
    for (const k of b.keyPoints) {
      // Every key point is an article sentence, cited to the paragraph it came from.
      expect(b.paragraphs[k.citation.paragraph - 1]).toContain(k.text);
    }
  });

  it(
    'names the key facts from the text alone: agencies, classified clouds, Microsoft/OpenAI, Constitutional ' +
      'AI, AWS',
    () => {
      // Without the editor's keywords and Q&A, so the facts must come from the generated parts.
      const generated = buildBriefing({ ...seedArticle(), keywords: [], qa: [] });
      expect(generated.qa.every((q) => q.origin === 'generated')).toBe(true);
      const text = everything(generated);
      expect(text).toMatch(/intelligence agencies/);
      expect(text).toMatch(/classified cloud/i);
      expect(text).toMatch(/Microsoft/);
      expect(text).toMatch(/OpenAI/);
      expect(text).toMatch(/Constitutional AI/);
      expect(text).toMatch(/Amazon Web Services/);
      // Key points come from across the article, not only its lead.
      expect(new Set(generated.keyPoints.map((k) => k.citation.paragraph)).size).toBeGreaterThanOrEqual(4);
    },
  );

  it('with the editor front matter, also names IL5/IL6 and the Microsoft/OpenAI head start', () => {
    const text = everything(b);
    expect(text).toMatch(/IL5/);
    expect(text).toMatch(/IL6/);
    expect(text).toMatch(/head start/);
  });

  it('finds the heading and puts the following paragraphs under it', () => {
    expect(b.sections).toEqual([
      { heading: 'What Intelligence Agencies Actually Want From AI', paragraphs: [4, 5, 6, 7] },
    ]);
    expect(b.paragraphs).toHaveLength(7);
    expect(b.paragraphs.join(' ')).not.toContain('What Intelligence Agencies Actually Want From AI');
  });

  it('builds a glossary from the definitions the text gives, with citations', () => {
    const terms = Object.fromEntries(b.glossary.map((g) => [g.term, g]));
    expect(terms['large language models']?.definition).toMatch(/^AI systems trained on massive text datasets/);
    expect(terms['large language models']?.citation.paragraph).toBe(4);
    expect(terms['classified cloud environments']?.definition).toMatch(
      /^Infrastructure that is physically and logically separate/,
    );
    const constitutional = b.glossary.find((g) => g.term.startsWith('Constitutional AI'));
    expect(constitutional?.definition).toMatch(/^A method that builds specific behavioral rules into Claude/);
    // The aside stops at the closing dash: the rest of the sentence is not part of the definition.
    expect(constitutional?.definition).not.toMatch(/differentiator/);
    // "it has to run ..." after a dash is not a definition.
    expect(b.glossary.map((g) => g.term)).not.toContain('standard commercial cloud');
  });

  it('names the organizations and products', () => {
    expect(b.entities).toEqual(
      expect.arrayContaining([
        'Anthropic',
        'Claude',
        'Microsoft',
        'OpenAI',
        'Azure Government Secret',
        'Amazon Web Services',
        'GovCloud',
      ]),
    );
  });

  it('puts editor Q&A first; generated Q&A does not restate the glossary', () => {
    expect(b.qa[0]).toMatchObject({ question: 'What are IL5 and IL6?', origin: 'editor' });
    expect(b.qa.filter((q) => q.origin === 'editor')).toHaveLength(2);
    const definitions = new Set(b.glossary.map((g) => g.definition));
    expect(b.qa.filter((q) => definitions.has(q.answer))).toEqual([]);
    expect(b.qa.map((q) => q.question)).not.toContain('What are large language models?');
    const firstGenerated = b.qa.findIndex((q) => q.origin === 'generated');
    if (firstGenerated >= 0) expect(b.qa.slice(firstGenerated).every((q) => q.origin === 'generated')).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildBriefing(seedArticle()))).toBe(JSON.stringify(b));
  });
});

describe('briefings from other shapes of text', () => {
  const article = (body: string) => ({ ...seedArticle(), id: 'other', body, qa: [], keywords: [] });

  it('treats Markdown headings as sections and turns question headings into Q&A', () => {
    const b = buildBriefing(
      article(
        'Intro paragraph about the cloud contract.\n\n## Who won the award?\n\nThe Department of Defense ' +
          '(DoD) awarded the contract to Example Corp in March.\n\n## Next steps\n\nMore reviews follow.',
      ),
    );
    expect(b.sections.map((s) => s.heading)).toEqual(['Who won the award?', 'Next steps']);
    expect(b.qa).toContainEqual(
      expect.objectContaining({
        question: 'Who won the award?',
        answer: expect.stringContaining('awarded the contract'),
        origin: 'generated',
      }),
    );
    expect(b.glossary).toContainEqual(expect.objectContaining({ term: 'DoD', definition: 'Department of Defense' }));
  });

  it('handles a one-sentence article: the TL;DR says it, no key point repeats it', () => {
    const b = buildBriefing(article('A single sentence about IL6.'));
    expect(b.tldr).toBe('A single sentence about IL6.');
    expect(b.keyPoints).toHaveLength(0);
  });

  it('drops the wire dateline from the text, so no TL;DR, key point or quote carries it', () => {
    for (const lead of ['Washington (CNN) -- ', '(CNN)', 'LONDON, England (Reuters) -- ']) {
      const b = buildBriefing(
        article(
          `${lead}The agency signed the contract on Monday. It covers three years of work. Officials ` +
            `praised it. The vendor said more would follow. Critics asked about costs. The review starts in ` +
            `May. A second phase is planned.`,
        ),
      );
      expect(b.paragraphs[0]).toMatch(/^The agency signed/);
      expect([b.tldr, ...b.keyPoints.map((k) => k.text)].join(' ')).not.toMatch(/CNN|Reuters|Washington|LONDON/);
    }
  });

  it('does not repeat a TL;DR sentence in the key points', () => {
    const b = seedBriefing();
    const tldr = splitSentences(b.tldr);
    expect(b.keyPoints.filter((k) => tldr.includes(k.text))).toEqual([]);
  });

  it('takes no glossary entry or name from an ambiguous pattern (i.e., lists, asides, sentence starts)', () => {
    const b = buildBriefing(
      article(
        'Relief groups met in Kathmandu on Monday. The deal worried Congress (i.e., the 47 senators who ' +
          'wrote a letter). ' +
          'The U.N. Security Council (United States, United Kingdom, France, China and Russia) met. ' +
          'The crew (which includes Michelle Rodriguez and Tyrese Gibson) returned. Officer Lee spoke - or ' +
          'the deputy did.',
      ),
    );
    expect(b.glossary).toEqual([]);
    expect(b.entities).not.toEqual(expect.arrayContaining(['Relief']));
    expect(b.entities).not.toContain('Monday');
  });

  it('builds a briefing from text holding a 200,000-character word, with a sane glossary', () => {
    const word = 'x'.repeat(200_000);
    const b = buildBriefing(
      article(`The Department of Defense (DoD) met. ${word} (ABC) and ${word} - a method that works. Then it ended.`),
    );
    expect(b.glossary).toEqual([expect.objectContaining({ term: 'DoD', definition: 'Department of Defense' })]);
    expect(b.tldr.length).toBeGreaterThan(0);
  });

  it('watches names and key noun phrases for briefings without keywords (govai add, feeds)', () => {
    const b = buildBriefing(
      article(
        'Police killed 20 suspected red sandalwood smugglers in Andhra Pradesh, officials said. ' +
          'Amnesty International asked for an inquiry into the red sandalwood killings in Andhra Pradesh. ' +
          'The red sandalwood trade is banned. Amnesty International said the police used force.',
      ),
    );
    expect(b.watchTerms).toEqual(expect.arrayContaining(['Andhra Pradesh', 'Amnesty International', 'red sandalwood']));
  });
});
