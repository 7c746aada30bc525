import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import { feedsCheck } from '../../src/doctor/feeds-check.js';
import { jsonFileFeedState } from '../../src/ingest/feed-state.js';
import { silentLogger } from '../../src/log/logger.js';
import { fixture, html, send, startFixtureServer, tempDir, type FixtureServer } from './helpers.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/good.xml', send(fixture('rss.xml'), 'application/rss+xml'));
  server.route('/down.xml', (_req, res) => res.writeHead(503).end());
  server.route('/page.html', html('<html><body><p>not a feed</p></body></html>'));
  // Issue #11: malformed XML used to read as an empty feed, without a word.
  server.route(
    '/broken.xml',
    send(
      '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>B</title>\n<item><title>x</channel></rss>',
      'application/rss+xml',
    ),
  );
});
afterAll(() => server.close());

async function project(feeds: string[], extra = '') {
  const tmp = await tempDir();
  const config = `feeds:\n${feeds.map((u) => `  - url: ${u}\n`).join('')}${extra}`;
  await writeFile(path.join(tmp.dir, 'govai.config.yaml'), config);
  await mkdir(path.join(tmp.dir, 'briefings'));
  return tmp;
}

describe('govai doctor: feeds', () => {
  it('reports healthy, failing and non-feed URLs, with what to fix', async () => {
    const { dir, cleanup } = await project([
      server.url('/good.xml'),
      server.url('/down.xml'),
      server.url('/page.html'),
    ]);
    try {
      const env = { GOVAI_DB: path.join(dir, 'data', 'govai.db') };
      // The running bot recorded failures for the down feed.
      jsonFileFeedState(path.join(dir, 'data', 'feeds-state.json')).set(server.url('/down.xml'), {
        initialized: true,
        seen: [],
        failures: 3,
        lastError: 'answered HTTP 503',
        nextAttemptAt: Date.parse('2026-11-27T10:00:00Z'),
      });
      const loaded = loadConfig(env, dir);
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const ctx = await createAppContext({ config: loaded.config, logger: silentLogger() });
      const findings = await feedsCheck({ allowLoopback: true }).run(ctx);
      expect(findings).toHaveLength(3);
      expect(findings[0]).toMatchObject({
        area: `feed ${server.url('/good.xml')}`,
        status: 'ok',
        message: expect.stringContaining('3 items in "Agency AI Bulletin", not polled by the bot yet'),
      });
      expect(findings[1]).toMatchObject({ status: 'fail', message: expect.stringContaining('HTTP 503') });
      expect(findings[1]?.message).toContain('failed 3 times in a row');
      expect(findings[1]?.fix).toContain('backs off and retries');
      expect(findings[2]).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('is not an RSS, Atom or JSON feed'),
        fix: expect.stringContaining('copy the link of its feed'),
      });
    } finally {
      await cleanup();
    }
  });

  it('reports a malformed feed as malformed XML with its line, never as an empty feed', async () => {
    const { dir, cleanup } = await project([server.url('/broken.xml')]);
    try {
      const loaded = loadConfig({ GOVAI_DB: path.join(dir, 'data', 'govai.db') }, dir);
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const ctx = await createAppContext({ config: loaded.config, logger: silentLogger() });
      const [finding] = await feedsCheck({ allowLoopback: true }).run(ctx);
      expect(finding).toMatchObject({ status: 'fail' });
      expect(finding!.message).toMatch(/malformed XML \(line \d+/);
      expect(finding!.message).not.toMatch(/0 items/);
    } finally {
      await cleanup();
    }
  });

  it('is part of `govai doctor`, and explains a refused private address', async () => {
    const { dir, cleanup } = await project([server.url('/good.xml')]);
    try {
      let out = '';
      const io = {
        stdout: { write: (s: string) => (out += s) },
        stderr: { write: () => true },
        stdin: new PassThrough(),
        env: { GOVAI_DB: ':memory:' },
        cwd: dir,
      };
      expect(await runCli(['doctor'], io)).toBe(1);
      expect(out).toContain(`[FAIL] feed ${server.url('/good.xml')}: 127.0.0.1 is a private or local network address`);
      expect(out).toContain('fix: The feed is on a private or local network: set fetch.allowPrivateNetworks: true');
    } finally {
      await cleanup();
    }
  });
});
