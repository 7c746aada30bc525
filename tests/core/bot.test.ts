import { describe, expect, it } from 'vitest';
import { createBot, toQuestion, type BotDeps, type IncomingMessage } from '../../src/core/bot.js';
import { memoryCooldowns } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/reply.js';
import { renderText } from '../../src/adapters/console/render-text.js';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { seedLibrary } from '../helpers/seed-library.js';

function setup(overrides: Partial<BotDeps> = {}) {
  let now = Date.parse('2026-11-27T09:00:00Z');
  const library = seedLibrary();
  const bot = createBot({
    library: () => library,
    cooldowns: memoryCooldowns(),
    clock: () => now,
    triggers: { extraTerms: ['procurement'], cooldownSeconds: 600, requireQuestion: true },
    ...overrides,
  });
  return { bot, advance: (ms: number) => (now += ms) };
}

const msg = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  channel: 'slack:C1',
  user: 'slack:U1',
  text,
  fromBot: false,
  mentionsBot: false,
  ...extra,
});

describe('keyword-triggered answers', () => {
  it('answers a question that mentions a watched term, with the term as the reason', () => {
    const { bot } = setup();
    const d = bot.handleMessage(msg('What is Constitutional AI?'));
    expect(d).toMatchObject({
      kind: 'answer',
      trigger: { kind: 'term', term: 'Constitutional AI' },
      briefingId: 'anthropic-intelligence-agencies',
    });
    if (d.kind === 'answer') expect(d.reply.answer.quote).toMatch(/behavioral rules/);
  });

  it('holds a cooldown per channel and term, then answers again after it', () => {
    const { bot, advance } = setup();
    expect(bot.handleMessage(msg('What is Constitutional AI?')).kind).toBe('answer');
    expect(bot.handleMessage(msg('What is Constitutional AI?'))).toEqual({ kind: 'ignore', reason: 'cooldown' });
    // Another channel has its own cooldown.
    expect(bot.handleMessage(msg('What is Constitutional AI?', { channel: 'slack:C2' })).kind).toBe('answer');
    advance(601_000);
    expect(bot.handleMessage(msg('What is Constitutional AI?')).kind).toBe('answer');
  });

  it('stays silent for bots, statements, unwatched questions and questions it cannot answer', () => {
    const { bot } = setup();
    expect(bot.handleMessage(msg('What is Constitutional AI?', { fromBot: true }))).toEqual({
      kind: 'ignore',
      reason: 'bot',
    });
    expect(bot.handleMessage(msg('Constitutional AI was on the agenda.'))).toEqual({
      kind: 'ignore',
      reason: 'not-question',
    });
    expect(bot.handleMessage(msg('Who wants lunch?'))).toEqual({ kind: 'ignore', reason: 'no-term' });
    expect(bot.handleMessage(msg('Is procurement of pencils on the menu for the cafeteria?'))).toEqual({
      kind: 'ignore',
      reason: 'no-answer',
    });
  });

  it('does not start a cooldown when it stayed silent', () => {
    const { bot } = setup();
    expect(bot.handleMessage(msg('Is procurement of pencils on the menu for the cafeteria?')).kind).toBe('ignore');
    expect(
      bot.handleMessage(msg('Is getting into the intelligence community a simple procurement process?')).kind,
    ).toBe('answer');
  });

  it('answers mentions and thread follow-ups even without a term, and without the cooldown', () => {
    const { bot } = setup();
    expect(bot.handleMessage(msg('<@UBOT> who has a head start?', { mentionsBot: true }))).toMatchObject({
      kind: 'answer',
      trigger: { kind: 'mention' },
    });
    expect(
      bot.handleMessage(msg('and who is the investor?', { threadBriefingId: 'anthropic-intelligence-agencies' })),
    ).toMatchObject({ kind: 'answer', trigger: { kind: 'follow-up' } });
  });

  // Bug (issue 12): the core stored the sentinel term 'mention', printed as `you mentioned "mention"` on Discord
  // and the console; a thread follow-up was labelled "you mentioned me" on Slack. The trigger is a tagged union now.
  it('labels a mention as a mention and a follow-up as a follow-up, on every renderer', () => {
    const { bot } = setup();
    const mention = bot.handleMessage(msg('<@UBOT> who has a head start?', { mentionsBot: true }));
    const followUp = bot.handleMessage(
      msg('and who is the investor?', { threadBriefingId: 'anthropic-intelligence-agencies' }),
    );
    if (mention.kind !== 'answer' || followUp.kind !== 'answer') throw new Error('expected answers');
    for (const render of [
      renderText,
      (r: Reply) => JSON.stringify(renderDiscord(r)),
      (r: Reply) => JSON.stringify(renderSlack(r)),
    ]) {
      const m = render(mention.reply);
      expect(m).toContain('you mentioned me');
      expect(m).not.toMatch(/mentions? .?"?mention/);
      const f = render(followUp.reply);
      expect(f).toContain('you asked in a thread I answered in');
      expect(f).not.toContain('you mentioned me');
    }
  });

  // Issue 10: a direct mention that cannot be answered gets a short "I don't know" with what was looked for.
  it('answers an unanswerable mention with "I don\'t know" and what it looked for, never silence', () => {
    const { bot } = setup();
    const d = bot.handleMessage(msg('<@UBOT> what is the price of tea in Lisbon?', { mentionsBot: true }));
    expect(d).toMatchObject({ kind: 'decline', trigger: { kind: 'mention' }, reply: { kind: 'unknown' } });
    if (d.kind === 'decline')
      expect(d.reply.message).toMatch(/^I don't know: I looked for "what is the price of tea in Lisbon\?"/);
    // Passive chatter that cannot be answered stays silent.
    expect(bot.handleMessage(msg('Is procurement of pencils on the menu for the cafeteria?'))).toEqual({
      kind: 'ignore',
      reason: 'no-answer',
    });
  });

  // Bug (issue 12): with triggers.enabled false, Discord ignored mentions while Slack answered them. The rule lives
  // in the core now: passive listening is off, a mention is still answered, on every adapter.
  it('with triggers off, answers only mentions', () => {
    const { bot } = setup({
      triggers: { enabled: false, extraTerms: ['procurement'], cooldownSeconds: 600, requireQuestion: true },
    });
    // Adapters read the rule from the bot (Teams' start-up note), not from the config file.
    expect(bot.listensPassively).toBe(false);
    expect(setup().bot.listensPassively).toBe(true);
    expect(bot.handleMessage(msg('What is Constitutional AI?'))).toEqual({ kind: 'ignore', reason: 'triggers-off' });
    expect(
      bot.handleMessage(msg('and who is the investor?', { threadBriefingId: 'anthropic-intelligence-agencies' })),
    ).toEqual({ kind: 'ignore', reason: 'triggers-off' });
    expect(bot.handleMessage(msg('<@UBOT> what is Constitutional AI?', { mentionsBot: true }))).toMatchObject({
      kind: 'answer',
      trigger: { kind: 'mention' },
    });
  });

  it('listens only in the configured channels (mentions still work elsewhere)', () => {
    const { bot } = setup({
      triggers: { extraTerms: [], cooldownSeconds: 600, requireQuestion: true, channels: ['slack:C9'] },
    });
    expect(bot.handleMessage(msg('What is Constitutional AI?'))).toEqual({ kind: 'ignore', reason: 'channel' });
    expect(bot.handleMessage(msg('What is Constitutional AI?', { channel: 'slack:C9' })).kind).toBe('answer');
    expect(bot.handleMessage(msg('What is Constitutional AI?', { mentionsBot: true })).kind).toBe('answer');
  });

  it('strips chat phrasing around the question', () => {
    expect(toQuestion('<@U123> can someone explain what Constitutional AI is?')).toBe('what Constitutional AI is?');
    expect(toQuestion('Does anyone know who runs GovCloud?')).toBe('who runs GovCloud?');
    expect(toQuestion('what does IL6 mean?')).toBe('what is IL6?');
  });
});

describe('commands', () => {
  const ctx = { user: 'console', channel: 'console' };

  it('summary returns the latest briefing, or a kind error for an unknown id', async () => {
    const { bot } = setup();
    expect(await bot.handleCommand({ name: 'summary' }, ctx)).toMatchObject({
      kind: 'briefing',
      briefing: { id: 'anthropic-intelligence-agencies' },
    });
    expect(await bot.handleCommand({ name: 'summary', id: 'nope' }, ctx)).toMatchObject({
      kind: 'notice',
      level: 'error',
      message: expect.stringMatching(/No briefing has the id "nope"/),
    });
  });

  it('digest lists what is new since a date and treats "nothing new" as a result', async () => {
    const { bot } = setup();
    const fresh = await bot.handleCommand({ name: 'digest', since: '2026-11-01' }, ctx);
    expect(fresh).toMatchObject({
      kind: 'digest',
      digest: { items: [{ briefingId: 'anthropic-intelligence-agencies' }] },
    });
    const none = await bot.handleCommand({ name: 'digest', since: '2026-11-26' }, ctx);
    expect(none).toMatchObject({
      kind: 'digest',
      digest: { items: [] },
      emptyMessage:
        'No briefings published since 2026-11-26. Latest: Anthropic in talks to supply Claude to U.S. ' +
        'intelligence agencies, 2026-11-20. `/govai digest 2026-11-01` shows older ones.',
    });
    // The default look-back says it is one, and how long.
    const later = setup({ clock: () => Date.parse('2026-12-02T09:00:00Z') });
    expect(await later.bot.handleCommand({ name: 'digest' }, ctx)).toMatchObject({
      emptyMessage: expect.stringMatching(
        /^No briefings published since 2026-11-25 \(the last 7 days\)\. Latest: Anthropic in talks .*, 2026-11-20\. `\/govai digest 2026-11-01` shows older ones\.$/,
      ),
    });
    expect(await bot.handleCommand({ name: 'digest', since: 'last tuesday' }, ctx)).toMatchObject({
      kind: 'notice',
      level: 'error',
    });
  });

  it('add is refused politely for non-admins and validated for admins', async () => {
    const added: string[] = [];
    const { bot } = setup({
      addUrl: async (url) => {
        added.push(url);
        return { ok: true, briefingId: 'new', title: 'New' };
      },
    });
    expect(await bot.handleCommand({ name: 'add', url: 'https://example.com/x' }, ctx)).toMatchObject({
      kind: 'notice',
      message: expect.stringMatching(/only govai admins/),
    });
    expect(await bot.handleCommand({ name: 'add', url: 'ftp://x' }, { ...ctx, isAdmin: true })).toMatchObject({
      level: 'error',
    });
    expect(
      await bot.handleCommand({ name: 'add', url: 'https://example.com/x' }, { ...ctx, isAdmin: true }),
    ).toMatchObject({ message: expect.stringMatching(/Added "New"/) });
    expect(added).toEqual(['https://example.com/x']);
  });

  it('ask --briefing with an unknown id names the id instead of saying "I don\'t know"', async () => {
    const { bot } = setup();
    expect(await bot.handleCommand({ name: 'ask', question: 'What is IL6?', briefingId: 'nope' }, ctx)).toMatchObject({
      kind: 'notice',
      level: 'error',
      message: expect.stringMatching(/No briefing has the id "nope"/),
    });
  });

  it('digest --since is inclusive of that day, and the default look-back starts at midnight', async () => {
    const { bot } = setup();
    expect(await bot.handleCommand({ name: 'digest', since: '2026-11-20' }, ctx)).toMatchObject({
      digest: { items: [{ briefingId: 'anthropic-intelligence-agencies' }] },
    });
    // The clock is 2026-11-27T09:00Z: seven days back is 2026-11-20, shown and applied as a whole day.
    expect(await bot.handleCommand({ name: 'digest' }, ctx)).toMatchObject({
      title: 'Briefings since 2026-11-20',
      digest: { items: [{ briefingId: 'anthropic-intelligence-agencies' }] },
    });
  });

  it('ask with an empty question explains how to ask', async () => {
    const { bot } = setup();
    expect(await bot.handleCommand({ name: 'ask', question: '' }, ctx)).toMatchObject({
      kind: 'unknown',
      message: expect.stringMatching(/Ask me a question/),
    });
  });
});
