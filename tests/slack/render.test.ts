import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockChars, sections, type SlackBlock, type SlackMessage } from '../../src/adapters/slack/blocks.js';
import { splitText } from '../../src/core/presentation/split.js';
import { escapeMrkdwn } from '../../src/adapters/slack/escape.js';
import { RESERVED_BLOCKS, SLACK_LIMITS } from '../../src/adapters/slack/limits.js';
import { quoteWithAnswer, renderSlack } from '../../src/adapters/slack/render.js';
import type { Briefing, DigestItem } from '../../src/core/model.js';
import type { Reply } from '../../src/core/reply.js';
import { COMMAND_SPECS } from '../../src/core/commands.js';

/** Every Block Kit limit govai designs for, checked on a rendered message. */
function expectWithinLimits(m: SlackMessage) {
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage - RESERVED_BLOCKS);
  expect(m.blocks.reduce((n, b) => n + blockChars(b), 0)).toBeLessThanOrEqual(SLACK_LIMITS.messageBlockChars);
  for (const b of m.blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (b.type === 'section') {
      expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
    }
  }
}

const mrkdwnTexts = (m: SlackMessage) =>
  m.blocks.flatMap((b: SlackBlock) =>
    b.type === 'section' ? [b.text?.text ?? ''] : b.type === 'context' ? b.elements.map((e) => e.text) : [],
  );

function briefing(over: Partial<Briefing> = {}): Briefing {
  const cite = { briefingId: 'b1', title: 'T', paragraph: 1 };
  return {
    id: 'b1',
    title: 'A title',
    headline: 'A headline',
    source: 'Wire',
    url: 'https://news.example/a?x=1&y=2',
    published: '2026-11-20',
    tags: [],
    keywords: [],
    tldr: 'Short summary.',
    keyPoints: [{ text: 'Point one.', citation: cite }],
    sections: [],
    glossary: [{ term: 'IL6', definition: 'Impact Level 6.', citation: cite }],
    entities: ['Anthropic'],
    qa: [],
    paragraphs: ['p1'],
    ...over,
  };
}

describe('renderSlack', () => {
  it('renders a briefing as header, context, TL;DR and key points, with a link that survives &', () => {
    const [m, ...rest] = renderSlack({ kind: 'briefing', briefing: briefing() });
    expect(rest).toHaveLength(0);
    expect(m!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'A headline' } });
    const text = mrkdwnTexts(m!).join('\n');
    // The article's title links to it; citations link to the article too.
    expect(text).toContain('<https://news.example/a?x=1&amp;y=2|A title> · Wire · 2026-11-20');
    expect(text).toContain('*TL;DR* Short summary.');
    expect(text).toContain('• Point one. <https://news.example/a?x=1&amp;y=2|[¶1]>');
    expect(m!.text).toBe('A headline: Short summary.');
  });

  it('lays a briefing out in sections with dividers, one footer and an "Open article" button', () => {
    const [m] = renderSlack({ kind: 'briefing', briefing: briefing() });
    const types = m!.blocks.map((b) => b.type);
    expect(types.filter((t) => t === 'divider').length).toBeGreaterThanOrEqual(2);
    expect(types.at(-1)).toBe('actions');
    expect(types.filter((t) => t === 'context')).toHaveLength(2); // the meta line and the one footer
    const button = (m!.blocks.at(-1) as Extract<SlackBlock, { type: 'actions' }>).elements[0]!;
    expect(button).toMatchObject({ text: { text: 'Open article' }, url: 'https://news.example/a?x=1&y=2' });
    // Without a URL: plain citations, no button.
    const [plain] = renderSlack({ kind: 'briefing', briefing: briefing({ url: undefined }) });
    expect(plain!.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(mrkdwnTexts(plain!).join('\n')).toContain('• Point one. _[¶1]_');
  });

  it('a headline over 150 characters is shortened in the header and kept whole below it', () => {
    const long = `${'Very long headline words '.repeat(10)}end`;
    const [m] = renderSlack({ kind: 'briefing', briefing: briefing({ headline: long }) });
    const head = m!.blocks[0] as Extract<SlackBlock, { type: 'header' }>;
    expect(head.text.text.length).toBeLessThanOrEqual(150);
    expect(head.text.text.endsWith('…')).toBe(true);
    expect(mrkdwnTexts(m!).join('\n')).toContain(long);
  });

  it('bolds the answering span inside the quote, and adds why it answered', () => {
    expect(quoteWithAnswer('Microsoft and OpenAI already have a head start.', 'OpenAI')).toBe(
      '> Microsoft and *OpenAI* already have a head start.',
    );
    expect(quoteWithAnswer('A & B <x>', 'B')).toBe('> A &amp; *B* &lt;x&gt;');
    const cite = { briefingId: 'b1', title: 'Title', url: 'https://x.example/', source: 'Wire', paragraph: 3 };
    const [m] = renderSlack({
      kind: 'answer',
      answer: { question: 'q', quote: 'Q.', citation: cite, score: 0.8 },
      trigger: { kind: 'term', term: 'IL6' },
    });
    const text = mrkdwnTexts(m!).join('\n');
    expect(text).toContain('— <https://x.example/|Title> (Wire), paragraph 3');
    expect(text).toContain('Why I answered: your message mentions “IL6”.');
  });

  it('escapes every piece of article text: no broadcast, mention or link can be produced', () => {
    const evil = 'Hi <!channel> <!here|here> <@U123> <#C1> <https://evil.example|click> @here @channel & co';
    const replies: Reply[] = [
      {
        kind: 'briefing',
        briefing: briefing({
          headline: evil,
          tldr: evil,
          source: evil,
          entities: [evil],
          keyPoints: [{ text: evil, citation: { briefingId: 'b', title: evil, paragraph: 1 } }],
        }),
      },
      {
        kind: 'answer',
        answer: {
          question: evil,
          quote: evil,
          answerText: '<@U123>',
          citation: { briefingId: 'b', title: evil, source: evil, paragraph: 1 },
          score: 1,
        },
        trigger: { kind: 'term', term: evil },
      },
      {
        kind: 'digest',
        title: evil,
        emptyMessage: evil,
        digest: {
          items: [{ briefingId: 'b', title: evil, tldr: evil, source: evil, published: '2026-01-01' }],
          overflow: [],
        },
      },
      { kind: 'list', items: [{ id: 'b', title: evil, source: evil, published: '2026-01-01' }] },
      { kind: 'notice', level: 'error', message: evil },
      { kind: 'unknown', question: evil, message: evil },
      { kind: 'help', commands: COMMAND_SPECS, unknown: evil },
    ];
    for (const reply of replies) {
      const json = JSON.stringify(renderSlack(reply));
      expect(json, reply.kind).not.toMatch(/<[!@#]/);
      expect(json, reply.kind).not.toMatch(/<https:\/\/evil/);
      expect(json, reply.kind).not.toMatch(/(^|[^\u2060])@(here|channel)\b/);
    }
  });

  it('a long digest is split into parts that each fit, with every story exactly once and a marker', () => {
    const item = (i: number): DigestItem => ({
      briefingId: `s${i}`,
      title: `Story ${i}`,
      tldr: 'x '.repeat(1_400),
      url: `https://n.example/${i}`,
      source: 'Wire',
      published: '2026-11-20',
    });
    const reply: Reply = {
      kind: 'digest',
      title: 'Digest',
      emptyMessage: '',
      digest: { items: [1, 2].map(item), overflow: Array.from({ length: 70 }, (_, i) => item(i + 3)) },
    };
    const messages = renderSlack(reply, { continuation: 'thread' });
    expect(messages.length).toBeGreaterThan(2);
    for (const m of messages) expectWithinLimits(m);
    const all = messages.map((m) => mrkdwnTexts(m).join('\n')).join('\n');
    for (let i = 1; i <= 72; i++) expect(all.split(`|Story ${i}>`).length - 1).toBe(1);
    // The first message holds only the core's chosen items; the overflow starts the thread.
    expect(mrkdwnTexts(messages[0]!).join('\n')).not.toContain('|Story 3>');
    expect(mrkdwnTexts(messages[0]!).join('\n')).toContain('70 more stories in the thread');
    // One footer: the core's "70 more stories" line, no "Part 1 of n" marker beside it.
    expect(mrkdwnTexts(messages[0]!).join('\n')).not.toContain('Part 1 of');
    // A part that had to be split further still says so.
    expect(mrkdwnTexts(messages[1]!).join('\n')).toContain(`Part 2 of ${messages.length}, continued in the thread.`);
  });

  it('a digest with a short overflow: one footer in the channel, none needed in the thread', () => {
    const item = (i: number): DigestItem => ({
      briefingId: `s${i}`,
      title: `Story ${i}`,
      tldr: 'Short.',
      source: 'Wire',
      published: '2026-11-20',
    });
    const messages = renderSlack(
      { kind: 'digest', title: 'Digest', emptyMessage: '', digest: { items: [item(1)], overflow: [item(2), item(3)] } },
      { continuation: 'thread' },
    );
    expect(messages).toHaveLength(2);
    const footers = messages.map((m) =>
      m.blocks
        .filter((b) => b.type === 'context')
        .flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : [])),
    );
    expect(footers[0]).toEqual(['2 more stories in the thread.']);
    expect(footers[1]).toEqual([]);
  });

  it('property: any text stays within limits, escaped, and nothing is lost', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 9_000 }), fc.string({ maxLength: 400 }), (body, title) => {
        const messages = renderSlack({ kind: 'briefing', briefing: briefing({ headline: title || 'x', tldr: body }) });
        for (const m of messages) {
          expectWithinLimits(m);
          for (const t of mrkdwnTexts(m)) expect(t).not.toMatch(/<(?!https:\/\/news\.example)/);
        }
        const flat = messages.flatMap(mrkdwnTexts).join(' ').replace(/\s+/g, '');
        expect(flat).toContain(escapeMrkdwn(body).replace(/\s+/g, ''));
      }),
      { numRuns: 60 },
    );
  });

  it('splitText cuts at line breaks or spaces and loses nothing', () => {
    const text = `${'word '.repeat(900)}\n${'more '.repeat(900)}`;
    const pieces = splitText(text, 3_000);
    expect(pieces.every((p) => p.length <= 3_000)).toBe(true);
    expect(pieces.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
    expect(splitText('x'.repeat(7_000), 3_000).join('')).toBe('x'.repeat(7_000));
  });
});

describe('splitting keeps links whole', () => {
  it('a section over the limit never splits a <url|label> in two', () => {
    const link = (i: number) => `<https://news.example/item-${i}|a linked title with several words ${i}>`;
    const text = Array.from({ length: 200 }, (_, i) => `see ${link(i)} and`).join(' ');
    const texts = sections(text).map((b) => (b.type === 'section' ? b.text!.text : ''));
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) expect(t.split('<').length).toBe(t.split('>').length);
    for (let i = 0; i < 200; i++) expect(texts.some((t) => t.includes(link(i)))).toBe(true);
  });
});
