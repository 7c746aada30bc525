import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { embedSize, payloadText } from '../../src/adapters/discord/embed-pack.js';
import { splitText } from '../../src/core/presentation/split.js';
import { DISCORD_LIMITS as L } from '../../src/adapters/discord/limits.js';
import { type DiscordPayload, renderDiscord } from '../../src/adapters/discord/render.js';
import { commandFromSlash, slashCommandJson } from '../../src/adapters/discord/commands.js';
import { COMMAND_SPECS } from '../../src/core/commands.js';
import type { DigestItem } from '../../src/core/model.js';
import type { Reply } from '../../src/core/reply.js';

// Pure rendering: Discord's limits hold for any input, and nothing is dropped on the way.

function expectWithinLimits(payloads: DiscordPayload[]): void {
  for (const p of payloads) {
    expect(p.allowed_mentions.parse).toEqual([]);
    if (p.content !== undefined) expect(p.content.length).toBeLessThanOrEqual(L.content);
    const embeds = p.embeds ?? [];
    expect(embeds.length).toBeLessThanOrEqual(L.embedsPerMessage);
    expect(embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(L.embedTotal);
    for (const e of embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(L.title);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(L.description);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(L.fields);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(L.fieldName);
        expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
      }
    }
  }
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const item = (i: number, tldr: string): DigestItem => ({
  briefingId: `b${i}`,
  title: `Item ${i} title`,
  tldr,
  source: 'src',
  published: '2026-11-20',
});

describe('renderDiscord', () => {
  it('keeps any digest within every limit and loses no item or word (overflow continues in follow-ups)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 0, maxLength: 3_000 }), { minLength: 1, maxLength: 60 }), (tldrs) => {
        const items = tldrs.map((t, i) => item(i, t.trim() || 'x'));
        const reply: Reply = {
          kind: 'digest',
          title: 'Weekly',
          emptyMessage: 'none',
          digest: { items: items.slice(0, 5), overflow: items.slice(5) },
        };
        const payloads = renderDiscord(reply);
        expectWithinLimits(payloads);
        const text = payloads.map(payloadText).join('\n');
        for (const it of items) expect(text).toContain(it.title);
        expect(words(text).join(' ')).toContain(words(items.at(-1)!.tldr).join(' '));
      }),
      { numRuns: 40 },
    );
  });

  it('splits long content over 2,000 characters into several messages without losing words', () => {
    const message = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    const payloads = renderDiscord({ kind: 'notice', level: 'info', message });
    expect(payloads.length).toBeGreaterThan(1);
    expectWithinLimits(payloads);
    expect(payloads.map((p) => p.content).join(' ')).toBe(message);
  });

  it('moves a title over 256 characters into the description in full', () => {
    const longTitle = 'T'.repeat(300);
    const payloads = renderDiscord({
      kind: 'list',
      items: [{ id: 'a', title: longTitle, source: 's', published: '2026-01-01' }],
    });
    expectWithinLimits(payloads);
    expect(payloadText(payloads[0]!)).toContain(longTitle);
  });

  it('puts the answer text in bold inside the quote, with citation and matched term', () => {
    const [p] = renderDiscord({
      kind: 'answer',
      answer: {
        question: 'q',
        quote: 'IL6 is a security level for secret data.',
        answerText: 'a security level',
        citation: { briefingId: 'b', title: 'T', paragraph: 2, url: 'https://x.test/a' },
        score: 0.8,
        support: 'The quote has most of the key terms of your question.',
      },
      trigger: { kind: 'term', term: 'IL6' },
    });
    expect(p!.embeds![0]!.description).toBe(
      '> IL6 is **a security level** for secret data.\n— [T](https://x.test/a), paragraph 2',
    );
    expect(p!.embeds![0]!.footer!.text).toBe(
      'The quote has most of the key terms of your question. · Why I answered: your message mentions “IL6”.',
    );
  });

  it('lets configured mention types through, and only those', () => {
    const [p] = renderDiscord({ kind: 'notice', level: 'info', message: 'hi' }, { allowedMentions: ['users'] });
    expect(p!.allowed_mentions).toEqual({ parse: ['users'], replied_user: false });
  });

  it('splitText never exceeds the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5_000 }), fc.integer({ min: 10, max: 500 }), (s, max) => {
        for (const chunk of splitText(s, max)) expect(chunk.length).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe('slash command JSON and mapping', () => {
  it('has one subcommand per core command, descriptions within 100 characters, required options first', () => {
    const json = slashCommandJson();
    expect(json.options.map((o) => o.name)).toEqual(COMMAND_SPECS.map((s) => s.name));
    for (const sub of json.options) {
      expect(sub.description.length).toBeLessThanOrEqual(100);
      const required = sub.options.map((o) => o.required);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('maps interactions to the same core commands as the text grammar', () => {
    const opts = (o: Record<string, string>) => (name: string) => o[name] ?? null;
    expect(commandFromSlash('summary', opts({}))).toEqual({ name: 'summary' });
    expect(commandFromSlash('summary', opts({ briefing: 'abc' }))).toEqual({ name: 'summary', id: 'abc' });
    expect(commandFromSlash('ask', opts({ question: ' What is IL6? ' }))).toEqual({
      name: 'ask',
      question: 'What is IL6?',
    });
    expect(commandFromSlash('digest', opts({ since: '2026-11-01' }))).toEqual({ name: 'digest', since: '2026-11-01' });
    expect(commandFromSlash('add', opts({ url: 'https://x.test' }))).toEqual({ name: 'add', url: 'https://x.test' });
    expect(commandFromSlash('gone', opts({}))).toEqual({ name: 'help', unknown: 'gone' });
  });
});

describe('Discord layout (issue 13 item 7)', () => {
  it('links the title and citations to the article, puts small print in one footer, and adds "Open article"', async () => {
    const { FIXTURES } = await import('../parity/fixtures.js');
    const { toSendOptions } = await import('../../src/adapters/discord/send-options.js');
    const briefing = FIXTURES.find((f) => f.name === 'briefing')!.reply;
    const payloads = renderDiscord(briefing);
    const first = payloads[0]!.embeds![0]!;
    expect(first.url).toBe('https://news.example/dod-ai?a=1&b=2');
    expect(first.description).toContain('[\\[¶2\\]](https://news.example/dod-ai?a=1&b=2)');
    const footers = payloads.flatMap((p) => p.embeds ?? []).filter((e) => e.footer);
    expect(footers).toHaveLength(1);
    expect(footers[0]!.footer!.text).toBe(
      'Example Wire · 2026-11-20 · Sections: Background · Names: Pentagon, Defense Department · id: dod-ai',
    );
    const last = payloads.at(-1)!;
    expect(last.components).toEqual([
      {
        type: 1,
        components: [{ type: 2, style: 5, label: 'Open article', url: 'https://news.example/dod-ai?a=1&b=2' }],
      },
    ]);
    expect(toSendOptions(last).components).toEqual(last.components);
    // No URL: no button, citations as text.
    const noUrl = renderDiscord({
      kind: 'briefing',
      briefing: { ...(briefing as Extract<Reply, { kind: 'briefing' }>).briefing, url: undefined },
    });
    expect(noUrl.some((p) => p.components)).toBe(false);
    expect(noUrl[0]!.embeds![0]!.description).toContain(
      '• Senior officials must approve new autonomous systems. \\[¶2\\]',
    );
  });
});
