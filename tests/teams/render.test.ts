import { describe, expect, it } from 'vitest';
import { escapeCardText } from '../../src/adapters/teams/escape.js';
import { TEAMS_LIMITS } from '../../src/adapters/teams/limits.js';
import { cardText, renderTeams } from '../../src/adapters/teams/render.js';

describe('Teams Adaptive Card rendering', () => {
  it('article text never becomes a link, a mention or formatting', () => {
    const hostile = 'Read [this](https://evil.example) or https://evil.example now <at>everyone</at> @channel **bold**';
    const escaped = escapeCardText(hostile);
    expect(escaped).not.toMatch(/\]\(/);
    expect(escaped).not.toContain('https://');
    expect(escaped).not.toMatch(/<at>/i);
    expect(escaped).not.toMatch(/(?<!\\)\*\*/);
    const [m] = renderTeams({ kind: 'notice', level: 'info', message: hostile });
    expect(cardText(m!.card)).toContain('Read [this](https://evil.example)');
  });

  it('a reply over the card limit is split into several cards with nothing lost', () => {
    const words = Array.from({ length: 12_000 }, (_, i) => `w${i}`);
    const messages = renderTeams({ kind: 'notice', level: 'info', message: words.join(' ') });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages)
      expect(Buffer.byteLength(JSON.stringify(m.card))).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
    const text = messages.map((m) => cardText(m.card)).join(' ');
    for (const w of ['w0', 'w5999', 'w11999']) expect(text.split(/\s+/)).toContain(w);
    expect(cardText(messages.at(-1)!.card)).toContain(`Part ${messages.length} of ${messages.length}`);
  });
});

describe('Teams layout (issue 13 item 7)', () => {
  it('separates sections, links citations to the article and offers "Open article"', async () => {
    const { FIXTURES } = await import('../parity/fixtures.js');
    const [m] = renderTeams(FIXTURES.find((f) => f.name === 'briefing')!.reply);
    expect(m!.card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open article', url: 'https://news.example/dod-ai?a=1&b=2' },
    ]);
    expect(m!.card.body.filter((e) => e.separator === true).length).toBeGreaterThanOrEqual(2);
    const json = JSON.stringify(m!.card.body);
    expect(json).toContain('[¶2](https://news.example/dod-ai?a=1&b=2)');
    expect(cardText(m!.card)).toContain('Pentagon sets rules for AI in weapons · Example Wire · 2026-11-20');
    const [help] = renderTeams(FIXTURES.find((f) => f.name === 'help')!.reply);
    expect(help!.card.actions).toBeUndefined();
  });
});

describe('Teams continued digest', () => {
  it('has one footer: the "more stories" line, no "Part 1 of 2" beside it', async () => {
    const { FIXTURES } = await import('../parity/fixtures.js');
    const messages = renderTeams(FIXTURES.find((f) => f.name === 'digest with overflow')!.reply);
    expect(messages).toHaveLength(2);
    expect(cardText(messages[0]!.card)).toContain('2 more stories in the next message.');
    expect(messages.map((m) => cardText(m.card)).join('\n')).not.toContain('Part ');
  });
});
