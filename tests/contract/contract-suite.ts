import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { ERROR_TEXT } from '../../src/app/conversation.js';
import { SEED_TITLE } from '../helpers/seed.js';
import { CONTRACT_FILES, FILLER_COUNT, fillerId, HOSTILE_ID } from './fixtures.js';

// One suite of user-visible behaviours that every adapter must pass (console, Slack, Discord, Teams).
// A driver speaks the platform's real protocol into the adapter's real entry point, waits on the conversation
// owner's outcome hook (never on log text, probes or quiet windows) and returns what a user would see.
// Visible text is compared loosely (content, not layout): the renderers may change how a reply looks.

export interface Seen {
  /** The visible text of every part, joined, formatting markers dropped. */
  text: string;
  /** How many messages (parts) the reply was sent as. */
  parts: number;
  /** What went over the wire (JSON), for the no-ping checks. */
  raw: string;
}

export interface MessageOptions {
  /** A contract channel name (the driver maps it to a platform id); a fresh channel when absent. */
  channel?: string;
  fromBot?: boolean;
  /** Addressed to the bot (an @mention; on the console `@govai`). */
  mention?: boolean;
  /** Continue the thread of an earlier message (its `ref`). */
  thread?: string;
}

export interface Said {
  /** The bot's reply, or undefined when it stayed silent (known from the outcome, not guessed from a timeout). */
  reply?: Seen;
  /** This message's handle, to continue its thread. */
  ref: string;
}

export interface ContractDriver {
  /** The context the adapter runs on (the suite breaks the bot through it to reach the error boundary). */
  ctx: AppContext;
  /** Runs `/govai <text>` (or the platform's form of it) as a non-admin user. */
  command(text: string): Promise<Seen>;
  message(text: string, options?: MessageOptions): Promise<Said>;
  /** Delivers one message twice, as the platform does when it retries; resolves to the number of replies posted. */
  replay?(text: string, options?: { channel?: string }): Promise<number>;
  /** Sends `text` as a direct message to the bot (a DM, a 1:1 chat); resolves to the reply, undefined for none. */
  direct?(text: string): Promise<Seen | undefined>;
  /** Live mentions (pings) in what was sent, in the platform's terms: must be none for article text. */
  pings(raw: string): string[];
  close(): Promise<void>;
}

export interface ContractSetup {
  /** Keyword-trigger cooldown the adapter must be configured with. */
  cooldownSeconds: number;
  /** `triggers.enabled` (passive listening); mentions are answered either way. */
  triggersEnabled: boolean;
  /** Files to add to the project (paths relative to it): the hostile and the filler briefings. */
  files: Record<string, string>;
}

const setup = (triggersEnabled: boolean): ContractSetup => ({
  cooldownSeconds: 600,
  triggersEnabled,
  files: CONTRACT_FILES,
});

/** Makes every bot call throw until restored: the only way to reach the error boundary from outside. */
function breakBot(ctx: AppContext): () => void {
  const { handleCommand, handleMessage } = ctx.bot;
  ctx.bot.handleCommand = async () => {
    throw new Error('contract: the bot is broken on purpose');
  };
  ctx.bot.handleMessage = () => {
    throw new Error('contract: the bot is broken on purpose');
  };
  return () => {
    ctx.bot.handleCommand = handleCommand;
    ctx.bot.handleMessage = handleMessage;
  };
}

/** What the platform has: other bots posting, threads, redelivered events (the console has none of them). */
export interface Capabilities {
  bots: boolean;
  threads: boolean;
  replays: boolean;
  /** Direct messages to the bot (Slack DMs, Discord DMs, Teams 1:1 chats). */
  dms: boolean;
}

export function defineContractSuite(
  adapter: string,
  has: Capabilities,
  create: (setup: ContractSetup) => Promise<ContractDriver>,
): void {
  describe(`contract: ${adapter}`, () => {
    let driver: ContractDriver;
    beforeAll(async () => {
      driver = await create(setup(true));
    }, 30_000);
    afterAll(async () => {
      await driver?.close();
    });

    it('summary shows the seed briefing with its TL;DR', async () => {
      const { text } = await driver.command('summary');
      expect(text).toContain(SEED_TITLE);
      expect(text).toMatch(/Anthropic is advancing talks to supply its Claude models/);
    });

    it('ask quotes the answering sentence with a citation', async () => {
      const { text } = await driver.command('ask What is Constitutional AI?');
      expect(text).toContain('builds specific behavioral rules into Claude');
      expect(text).toContain(SEED_TITLE);
      expect(text).toMatch(/paragraph 5|¶\s?5/i);
    });

    it('ask says it does not know rather than quote something unrelated', async () => {
      const { text } = await driver.command('ask What is the weather in Paris tomorrow?');
      expect(text).toMatch(/don.t know/i);
      expect(text).not.toContain('builds specific behavioral rules');
    });

    it('search lists the matching briefings with their ids, or says none match', async () => {
      const { text } = await driver.command('search intelligence Claude');
      expect(text).toContain(SEED_TITLE);
      expect(text).toContain('anthropic-intelligence-agencies');
      const none = await driver.command('search zeppelin');
      expect(none.text).toContain('No briefing mentions "zeppelin"');
      expect(none.text).not.toContain(SEED_TITLE);
    });

    it('help (and unknown text) lists the commands', async () => {
      for (const input of ['help', 'frobnicate']) {
        const { text } = await driver.command(input);
        for (const name of ['summary', 'ask', 'digest', 'list', 'search']) expect(text).toContain(name);
      }
    });

    it('digest lists the briefings published since a date, and only those', async () => {
      const { text } = await driver.command('digest 2026-11-01');
      expect(text).toContain(SEED_TITLE);
      // The fillers are from 2020: outside the window.
      expect(text).not.toContain(fillerId(1));
    });

    it('list shows every briefing with its id', async () => {
      const { text } = await driver.command('list');
      expect(text).toContain(SEED_TITLE);
      expect(text).toContain('anthropic-intelligence-agencies');
      expect(text).toContain(HOSTILE_ID);
    });

    it('add is refused for a user who is not an admin, and nothing is fetched', async () => {
      const before = driver.ctx.repository.library().briefings.length;
      const { text } = await driver.command('add https://example.com/news/ai-policy');
      expect(text).toMatch(/only govai admins can add/i);
      expect(driver.ctx.repository.library().briefings.length).toBe(before);
    });

    it('a question mentioning a watched term gets a quoted answer, once per cooldown; a mention still gets one', async () => {
      const channel = 'contract-cooldown';
      const first = await driver.message('Can someone explain what Constitutional AI is?', { channel });
      expect(first.reply?.text).toContain('builds specific behavioral rules into Claude');
      expect(first.reply?.text).toContain('Constitutional AI');
      const again = await driver.message('Can someone explain what Constitutional AI is?', { channel });
      expect(again.reply).toBeUndefined();
      // The cooldown limits passive listening only: a direct request is answered inside it.
      const asked = await driver.message('What is Constitutional AI?', { channel, mention: true });
      expect(asked.reply?.text).toContain('builds specific behavioral rules into Claude');
    });

    it('stays silent without a watched term, without a question, or for bots', async () => {
      expect((await driver.message('What time is lunch today?')).reply).toBeUndefined();
      expect((await driver.message('Constitutional AI came up in the meeting.')).reply).toBeUndefined();
      if (has.bots) expect((await driver.message('What is IL6?', { fromBot: true })).reply).toBeUndefined();
    });

    it('a mention is always answered: with a quote, or with what was looked for', async () => {
      const known = await driver.message('Who has a head start with the intelligence agencies?', { mention: true });
      expect(known.reply?.text).toMatch(/Microsoft/);
      expect(known.reply?.text).toMatch(/OpenAI/);
      const unknown = await driver.message('what do you think about lunch', { mention: true });
      expect(unknown.reply?.text).toMatch(/don.t know/i);
    });

    it.runIf(has.threads)('a follow-up in the thread is answered from the same briefing', async () => {
      const root = await driver.message('What does IL6 mean?');

      expect(root.reply?.text).toContain(SEED_TITLE);
      // No watched term, no mention: only the thread makes it a question to the bot.
      const follow = await driver.message('Who already has a head start?', { thread: root.ref });
      expect(follow.reply?.text).toContain('Microsoft and OpenAI already have a meaningful head start');
      expect(follow.reply?.text).toContain(SEED_TITLE);
      // The same words outside the thread are chatter.
      expect((await driver.message('Who already has a head start?')).reply).toBeUndefined();
    });

    it.runIf(has.replays)('a redelivered event is answered once', async () => {
      expect(await driver.replay!('What are IL5 and IL6?')).toBe(1);
    });

    it.runIf(has.dms)('a direct message runs a command typed as text and answers a plain question', async () => {
      const summary = await driver.direct!('summary');
      expect(summary?.text).toContain(SEED_TITLE);
      const answer = await driver.direct!('Who has a head start with the agencies?');
      expect(answer?.text).toMatch(/Microsoft/);
      const unknown = await driver.direct!('what should I cook tonight');
      expect(unknown?.text).toMatch(/don.t know/i);
    });

    it('hostile article text pings no one, and stays readable', async () => {
      const summary = await driver.command(`summary ${HOSTILE_ID}`);
      expect(summary.text).toContain('Zorblax');
      expect(summary.text).toMatch(/@everyone|@here|<!channel>/);
      expect(driver.pings(summary.raw)).toEqual([]);
      const answer = await driver.command('ask What does the Zorblax protocol tell people to rotate?');
      expect(answer.text).toContain('rotate their keys');
      expect(driver.pings(answer.raw)).toEqual([]);
      const trigger = await driver.message('What is the Zorblax protocol?', { channel: 'contract-hostile' });
      expect(trigger.reply?.text).toContain('Zorblax');
      expect(driver.pings(trigger.reply?.raw ?? '')).toEqual([]);
    });

    it('a reply over the platform limit is split into parts with nothing lost', async () => {
      const { text, parts } = await driver.command('list');
      for (let i = 1; i <= FILLER_COUNT; i++) expect(text).toContain(fillerId(i));
      if (adapter === 'slack' || adapter === 'discord') expect(parts).toBeGreaterThan(1);
    });

    it('a failure inside the bot gets the one error text, for a command and for a mention', async () => {
      const restore = breakBot(driver.ctx);
      try {
        expect((await driver.command('summary')).text).toContain(ERROR_TEXT);
        expect((await driver.message('What is IL6?', { mention: true })).reply?.text).toContain(ERROR_TEXT);
        // Passive listening never posts an error into a channel.
        expect((await driver.message('What is IL6?')).reply).toBeUndefined();
      } finally {
        restore();
      }
      expect((await driver.command('summary')).text).toContain(SEED_TITLE);
    });
  });

  describe(`contract: ${adapter} with triggers.enabled: false`, () => {
    let driver: ContractDriver;
    beforeAll(async () => {
      driver = await create(setup(false));
    }, 30_000);
    afterAll(async () => {
      await driver?.close();
    });

    it('passive listening is off, a mention is still answered', async () => {
      expect((await driver.message('What is Constitutional AI?')).reply).toBeUndefined();
      const asked = await driver.message('What is Constitutional AI?', { mention: true });
      expect(asked.reply?.text).toContain('builds specific behavioral rules into Claude');
      if (has.dms) expect((await driver.direct!('What is Constitutional AI?'))?.text).toContain('behavioral rules');
    });
  });
}
