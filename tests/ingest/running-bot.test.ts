import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { spawnMain } from '../helpers/run-cli.js';
import { SEED_BRIEFING, SEED_TITLE, tempProject } from '../helpers/seed.js';
import { fixture, send, startFixtureServer, waitFor, type FixtureServer } from './helpers.js';

// The compiled bot (npm test builds dist/ first), kept running with an open stdin: briefings and feeds change
// underneath it and the next command sees them, without a restart.
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/live.xml', send(fixture('rss.xml'), 'application/rss+xml'));
});
afterAll(() => server.close());

describe('the running bot (dist/main.js)', () => {
  it('hot-reloads an edited briefing and ingests a configured feed while running', async () => {
    const { dir, briefingsDir } = tempProject({
      'govai.config.yaml':
        `admins: [console]\nfetch:\n  allowPrivateNetworks: true\nfeeds:\n  - url: ` +
        `${server.url('/live.xml')}\n    every: 1h\n    backfill: 2\n`,
    });
    const bot = spawnMain(
      dir,
      { GOVAI_CONSOLE: '1', GOVAI_DB: path.join(dir, 'data', 'govai.db'), LOG_LEVEL: 'info' },
      { stdin: true },
    );
    const { child, exited } = bot;
    try {
      await waitFor(
        () => bot.stderr(),
        (s) => s.includes('watching briefings and feeds'),
        20_000,
      );
      // The feed's two newest items become briefings (backfill 2) and `list` shows them.
      await waitFor(
        async () => {
          child.stdin?.write('/govai list\n');
          await new Promise((r) => setTimeout(r, 200));
          return bot.stdout();
        },
        (s) =>
          s.includes('nist-publishes-draft-profile-for-generative-ai-risk') &&
          s.includes('energy-department-funds-ai-for-grid-forecasting'),
        20_000,
      );
      expect(bot.stdout()).not.toContain('older-item-from-last-month');

      const file = path.join(briefingsDir, path.basename(SEED_BRIEFING));
      await writeFile(file, (await readFile(file, 'utf8')).replace(SEED_TITLE, 'Edited while the bot runs'));
      const mark = bot.stdout().length;
      await waitFor(
        async () => {
          child.stdin?.write('/govai summary anthropic-intelligence-agencies\n');
          await new Promise((r) => setTimeout(r, 200));
          return bot.stdout().slice(mark);
        },
        (s) => s.includes('# Edited while the bot runs'),
        20_000,
      );
      child.stdin?.end();
      expect(await exited).toBe(0);
      // The feed state is in the store (GOVAI_DB), where a restart or another replica finds it.
      const store = openStore(path.join(dir, 'data', 'govai.db'), { readonly: true });
      try {
        expect(store.feedStates.get(server.url('/live.xml'))).toMatchObject({
          initialized: true,
          failures: 0,
          itemsIngested: 2,
        });
      } finally {
        store.close();
      }
    } finally {
      child.kill();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
