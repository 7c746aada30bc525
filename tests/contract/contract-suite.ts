import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_TITLE } from '../helpers/seed.js';

// One suite of user-visible behaviours that every adapter must pass (console, Slack, Discord).
// A driver speaks the platform's real protocol and returns what a user would see, flattened to text.

export interface ContractDriver {
  /** Runs `/govai <text>` as a user and resolves to the visible reply text (all parts joined). */
  command(text: string): Promise<string>;
  /**
   * Posts a plain chat message as a user in `channel` (a fresh channel per call unless given) and resolves to
   * the bot's reply text, or undefined when the bot stays silent (the driver waits a bounded time).
   */
  message(text: string, options?: { channel?: string; fromBot?: boolean }): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface ContractSetup {
  /** Keyword-trigger cooldown the adapter must be configured with. */
  cooldownSeconds: number;
}

export function defineContractSuite(adapter: string, create: (setup: ContractSetup) => Promise<ContractDriver>): void {
  describe(`contract: ${adapter}`, () => {
    let driver: ContractDriver;
    beforeAll(async () => {
      driver = await create({ cooldownSeconds: 600 });
    }, 30_000);
    afterAll(async () => {
      await driver?.close();
    });

    it('summary shows the seed briefing with its TL;DR', async () => {
      const text = await driver.command('summary');
      expect(text).toContain(SEED_TITLE);
      expect(text).toMatch(/Anthropic is advancing talks to supply its Claude models/);
    });

    it('ask quotes the answering sentence with a citation', async () => {
      const text = await driver.command('ask What is Constitutional AI?');
      expect(text).toContain('builds specific behavioral rules into Claude');
      expect(text).toContain(SEED_TITLE);
      expect(text).toMatch(/paragraph 5|¶\s?5/i);
    });

    it('ask says it does not know rather than quote something unrelated', async () => {
      const text = await driver.command('ask What is the weather in Paris tomorrow?');
      expect(text).toMatch(/don.t know/i);
      expect(text).not.toContain('builds specific behavioral rules');
    });

    it('search lists the matching briefings with their ids, or says none match', async () => {
      const text = await driver.command('search intelligence Claude');
      expect(text).toContain(SEED_TITLE);
      expect(text).toContain('anthropic-intelligence-agencies');
      const none = await driver.command('search zeppelin');
      expect(none).toContain('No briefing mentions "zeppelin"');
      expect(none).not.toContain(SEED_TITLE);
    });

    it('help (and unknown text) lists the commands', async () => {
      for (const input of ['help', 'frobnicate']) {
        const text = await driver.command(input);
        for (const name of ['summary', 'ask', 'digest', 'list', 'search']) expect(text).toContain(name);
      }
    });

    it('a question mentioning a watched term gets a quoted answer, once per cooldown', async () => {
      const channel = 'contract-cooldown';
      const first = await driver.message('Can someone explain what Constitutional AI is?', { channel });
      expect(first).toBeDefined();
      expect(first).toContain('builds specific behavioral rules into Claude');
      expect(first).toContain('Constitutional AI');
      const again = await driver.message('Can someone explain what Constitutional AI is?', { channel });
      expect(again).toBeUndefined();
    });

    it('stays silent without a watched term, without a question, or for bots', async () => {
      expect(await driver.message('What time is lunch today?', { channel: 'contract-silence-1' })).toBeUndefined();
      expect(
        await driver.message('Constitutional AI came up in the meeting.', { channel: 'contract-silence-2' }),
      ).toBeUndefined();
      expect(
        await driver.message('What is Constitutional AI?', { channel: 'contract-silence-3', fromBot: true }),
      ).toBeUndefined();
    });
  });
}
