import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/store.js';
import { tempProject } from '../helpers/seed.js';

// The bot's cooldowns, seen event ids and thread memory, backed by the SQLite store the way src/main.ts wires it:
// a second process (a new context on the same file) must not reopen a cooldown or handle an event again.

async function contextOn(dir: string, db: string, now: number) {
  const loaded = loadConfig({ GOVAI_DB: db, GOVAI_CONSOLE: '0' }, dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const store = openStore(loaded.config.dbPath, { clock: () => now });
  const ctx = await createAppContext({ config: loaded.config, logger: silentLogger(), store, clock: () => now });
  return { ctx, store };
}

const question = {
  channel: 'slack:C1',
  user: 'U1',
  text: 'What is Constitutional AI?',
  fromBot: false,
  mentionsBot: false,
};

describe('chat state survives a restart', () => {
  it('a cooldown set before a restart still holds after it, then expires', async () => {
    const { dir } = tempProject();
    const db = path.join(dir, 'data', 'govai.db');
    const t0 = Date.parse('2026-11-27T10:00:00Z');
    const before = await contextOn(dir, db, t0);
    expect(before.ctx.bot.handleMessage(question).kind).toBe('answer');
    before.store.close();

    const after = await contextOn(dir, db, t0 + 60_000);
    expect(after.ctx.bot.handleMessage(question)).toEqual({ kind: 'ignore', reason: 'cooldown' });
    after.store.close();

    const later = await contextOn(dir, db, t0 + 601_000);
    expect(later.ctx.bot.handleMessage(question).kind).toBe('answer');
    later.store.close();
  });

  it('an event id seen before a restart is recognised after it; thread memory is kept', async () => {
    const { dir } = tempProject();
    const db = path.join(dir, 'data', 'govai.db');
    const t0 = Date.parse('2026-11-27T10:00:00Z');
    const before = await contextOn(dir, db, t0);
    expect(before.ctx.stores.seenEvents.firstSeen('slack:event:Ev1', t0)).toBe(true);
    before.ctx.stores.threads.set('slack:C1:1700000000.000100', 'anthropic-intelligence-agencies');
    before.store.close();

    const after = await contextOn(dir, db, t0 + 30_000);
    expect(after.ctx.stores.seenEvents.firstSeen('slack:event:Ev1', t0 + 30_000)).toBe(false);
    expect(after.ctx.stores.seenEvents.firstSeen('slack:event:Ev2', t0 + 30_000)).toBe(true);
    expect(after.ctx.stores.threads.get('slack:C1:1700000000.000100')).toBe('anthropic-intelligence-agencies');
    after.store.close();
  });
});
