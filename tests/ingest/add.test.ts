import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { chatAddUrl } from '../../src/ingest/service.js';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import { parseCommand } from '../../src/core/commands.js';
import { parseBriefingFile } from '../../src/core/front-matter.js';
import { createIngester } from '../../src/ingest/ingester.js';
import { silentLogger } from '../../src/log/logger.js';
import { createBriefingRepository } from '../../src/sources/repository.js';
import { fixture, html, startFixtureServer, tempDir, testPolicy, type FixtureServer } from './helpers.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/news/gsa-ai-sandbox', html(fixture('article.html')));
  server.route('/capitol/state-translation', html(fixture('story-outlet-a.html')));
  server.route('/empty', html('<html><body><nav>Home</nav></body></html>'));
  server.route('/pdf', (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'));
});
afterAll(() => server.close());

async function setup() {
  const tmp = await tempDir();
  const repository = createBriefingRepository({ dir: tmp.dir });
  await repository.reload();
  const ingester = createIngester({
    dir: tmp.dir,
    policy: testPolicy(),
    existing: () => repository.library().briefings,
    afterWrite: () => repository.reload(),
  });
  return { ...tmp, repository, ingester };
}

describe('add <url>', () => {
  it('turns a page into a briefing file with its title, source, author and date, without navigation or footer', async () => {
    const { dir, repository, ingester, cleanup } = await setup();
    try {
      const result = await ingester.addUrl(server.url('/news/gsa-ai-sandbox?utm_source=newsletter#comments'), {
        tags: ['procurement'],
      });
      if (!result.ok) throw new Error(result.message);
      expect(result.briefingId).toBe('gsa-opens-a-shared-ai-sandbox-for-federal-agencies');
      const text = await readFile(result.file, 'utf8');
      const parsed = parseBriefingFile(text);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const a = parsed.article;
      expect(a.title).toBe('GSA opens a shared AI sandbox for federal agencies');
      expect(a.source).toBe('Federal Tech Daily');
      expect(a.published).toBe('2026-11-24T14:30:00.000Z');
      expect(a.tags).toEqual(['procurement']);
      expect(a.url).toBe(server.url('/news/gsa-ai-sandbox'));
      expect(text).toContain('author: "Dana Whitfield"');
      expect(a.body).toContain('shared sandbox on Monday where federal agencies can test large language models');
      expect(a.body).toContain('## Why agencies asked for it');
      expect(a.body).toContain('Department of Labor');
      for (const chrome of ['NAVIGATION-MARKER', 'FOOTER-MARKER', 'Privacy', 'window.tracking', 'Subscribe'])
        expect(a.body).not.toContain(chrome);
      // Written atomically: no temp file left behind, and the repository serves it at once.
      expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
      expect(repository.library().get(result.briefingId)?.title).toBe(a.title);
    } finally {
      await cleanup();
    }
  });

  it('never ingests the same canonical URL twice', async () => {
    const { dir, ingester, cleanup } = await setup();
    try {
      const first = await ingester.addUrl(server.url('/capitol/state-translation'));
      expect(first.ok).toBe(true);
      const again = await ingester.addUrl(server.url('/capitol/state-translation/?utm_campaign=x&fbclid=abc#top'));
      expect(again).toMatchObject({
        ok: false,
        reason: 'duplicate',
        message: expect.stringContaining(
          'already added as briefing "state-department-pilots-ai-translation-for-consular-services"',
        ),
      });
      // A restart (a fresh ingester over the same directory) still knows it, from the briefing file's url.
      const repository = createBriefingRepository({ dir });
      await repository.reload();
      const fresh = createIngester({ dir, policy: testPolicy(), existing: () => repository.library().briefings });
      expect((await fresh.addUrl(server.url('/capitol/state-translation?gclid=1'))).ok).toBe(false);
      expect((await readdir(dir)).filter((f) => f.endsWith('.md'))).toHaveLength(1);
      const requests = server.requests.filter((r) => r.path.startsWith('/capitol/'));
      expect(requests).toHaveLength(1); // duplicates are refused before fetching
    } finally {
      await cleanup();
    }
  });

  it('gives unique ids to different pages with the same title', async () => {
    const { ingester, cleanup } = await setup();
    try {
      const a = await ingester.addDraft({
        title: 'Same title',
        source: 's',
        published: '2026-11-01',
        tags: [],
        body: 'First text.',
      });
      const b = await ingester.addDraft({
        title: 'Same title',
        source: 's',
        published: '2026-11-02',
        tags: [],
        body: 'Second text.',
      });
      expect([a.ok && a.briefingId, b.ok && b.briefingId]).toEqual(['same-title', 'same-title-2']);
    } finally {
      await cleanup();
    }
  });

  it('explains pages without article text, non-HTML content and refused addresses', async () => {
    const { ingester, cleanup } = await setup();
    try {
      expect(await ingester.addUrl(server.url('/empty'))).toMatchObject({
        ok: false,
        reason: 'extract',
        message: expect.stringContaining('no article text'),
      });
      expect(await ingester.addUrl(server.url('/pdf'))).toMatchObject({
        ok: false,
        message: expect.stringContaining('application/pdf, not a web page'),
      });
      expect(await ingester.addUrl('http://169.254.169.254/latest/')).toMatchObject({
        ok: false,
        reason: 'fetch',
        message: expect.stringContaining('private or local network'),
      });
      expect(await ingester.addUrl('gopher://x')).toMatchObject({ ok: false, reason: 'invalid' });
    } finally {
      await cleanup();
    }
  });
});

describe('/govai add from chat', () => {
  it('adds for admins and politely refuses everyone else', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(
        path.join(dir, 'govai.config.yaml'),
        'admins: ["slack:UADMIN"]\nfetch:\n  allowPrivateNetworks: true\n',
      );
      const loaded = loadConfig({ GOVAI_BRIEFINGS_DIR: 'briefings', GOVAI_DB: ':memory:' }, dir);
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const ctx = await createAppContext({ config: loaded.config, logger: silentLogger(), addUrl: chatAddUrl });
      const command = parseCommand(`add ${server.url('/news/gsa-ai-sandbox')}`);
      const refused = await ctx.bot.handleCommand(command, {
        user: 'slack:UOTHER',
        channel: 'slack:C1',
        isAdmin: ctx.isAdmin(['slack:UOTHER']),
      });
      expect(refused).toMatchObject({ kind: 'notice', message: expect.stringContaining('only govai admins can add') });
      expect(ctx.repository.library().briefings).toHaveLength(0);
      const added = await ctx.bot.handleCommand(command, {
        user: 'slack:UADMIN',
        channel: 'slack:C1',
        isAdmin: ctx.isAdmin(['slack:UADMIN']),
      });
      expect(added).toMatchObject({
        kind: 'notice',
        message:
          'Added "GSA opens a shared AI sandbox for federal agencies" as briefing ' +
          '`gsa-opens-a-shared-ai-sandbox-for-federal-agencies`.',
      });
      // The next command sees it without a restart.
      const summary = await ctx.bot.handleCommand(
        parseCommand('summary gsa-opens-a-shared-ai-sandbox-for-federal-agencies'),
        { user: 'slack:UOTHER', channel: 'slack:C1' },
      );
      expect(summary.kind).toBe('briefing');
      const twice = await ctx.bot.handleCommand(command, { user: 'slack:UADMIN', channel: 'slack:C1', isAdmin: true });
      expect(twice).toMatchObject({
        kind: 'notice',
        level: 'error',
        message: expect.stringContaining('already added'),
      });
    } finally {
      await cleanup();
    }
  });

  it('refuses private addresses from chat with the default config', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(path.join(dir, 'govai.config.yaml'), 'admins: ["discord:123456"]\n');
      const loaded = loadConfig({ GOVAI_BRIEFINGS_DIR: 'briefings', GOVAI_DB: ':memory:' }, dir);
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const ctx = await createAppContext({ config: loaded.config, logger: silentLogger(), addUrl: chatAddUrl });
      const reply = await ctx.bot.handleCommand(parseCommand(`add ${server.url('/news/gsa-ai-sandbox')}`), {
        user: 'discord:123456',
        channel: 'discord:1',
        isAdmin: true,
      });
      expect(reply).toMatchObject({
        kind: 'notice',
        level: 'error',
        message: expect.stringContaining('private or local network address'),
      });
    } finally {
      await cleanup();
    }
  });
});

describe('govai add (CLI)', () => {
  const io = (cwd: string) => {
    let stdout = '';
    let stderr = '';
    return {
      io: {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        stdin: new PassThrough(),
        env: { GOVAI_BRIEFINGS_DIR: 'briefings', GOVAI_DB: ':memory:' },
        cwd,
      },
      out: () => stdout,
      err: () => stderr,
    };
  };

  it('copies a Markdown file into briefings/ with front matter', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(
        path.join(dir, 'notes.md'),
        '# County adopts AI use policy\n\nThe county board adopted a policy for staff use of AI ' +
          'tools.\n\nIt requires a human review of every public notice.\n',
      );
      const t = io(dir);
      const code = await runCli(
        ['add', 'notes.md', '--tags', 'local,policy', '--source', 'County Gazette', '--date', '2026-11-20'],
        t.io,
      );
      expect(t.err()).toBe('');
      expect(code).toBe(0);
      expect(t.out()).toContain('Added "County adopts AI use policy" as briefings/county-adopts-ai-use-policy.md');
      const parsed = parseBriefingFile(
        await readFile(path.join(dir, 'briefings', 'county-adopts-ai-use-policy.md'), 'utf8'),
      );
      expect(parsed).toMatchObject({
        ok: true,
        article: {
          title: 'County adopts AI use policy',
          source: 'County Gazette',
          tags: ['local', 'policy'],
          published: '2026-11-20',
        },
      });
      if (parsed.ok)
        expect(parsed.article.body).toBe(
          'The county board adopted a policy for staff use of AI tools.\n\nIt requires a human review of ' +
            'every public notice.',
        );
      // The same front-matter id again is refused, naming it.
      await writeFile(
        path.join(dir, 'copy.md'),
        await readFile(path.join(dir, 'briefings', 'county-adopts-ai-use-policy.md'), 'utf8'),
      );
      const t2 = io(dir);
      expect(await runCli(['add', 'copy.md'], t2.io)).toBe(2);
      expect(t2.err()).toContain('id "county-adopts-ai-use-policy" is already used');
    } finally {
      await cleanup();
    }
  });

  it('adds a URL and polls the configured feeds once', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      server.route('/cli-feed.xml', (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('rss.xml')),
      );
      await writeFile(
        path.join(dir, 'govai.config.yaml'),
        `fetch:\n  allowPrivateNetworks: true\nfeeds:\n  - url: ${server.url('/cli-feed.xml')}\n    backfill: 1\n`,
      );
      const t = io(dir);
      t.io.env = { GOVAI_BRIEFINGS_DIR: 'briefings', GOVAI_DB: path.join(dir, 'data', 'govai.db') };
      expect(await runCli(['add', server.url('/news/gsa-ai-sandbox')], t.io)).toBe(0);
      expect(t.out()).toContain(
        'Added "GSA opens a shared AI sandbox for federal agencies" as ' +
          'briefings/gsa-opens-a-shared-ai-sandbox-for-federal-agencies.md',
      );
      expect(await runCli(['add', server.url('/news/gsa-ai-sandbox?utm_source=x')], t.io)).toBe(1);
      expect(t.err()).toContain('already added as briefing "gsa-opens-a-shared-ai-sandbox-for-federal-agencies"');
      expect(await runCli(['add', '--feeds'], t.io)).toBe(0);
      expect(t.out()).toContain(`${server.url('/cli-feed.xml')}: 1 new`);
      // The state file makes a second run a no-op.
      expect(await runCli(['add', '--feeds'], t.io)).toBe(0);
      expect(t.out()).toContain(`${server.url('/cli-feed.xml')}: 0 new`);
      expect((await readdir(path.join(dir, 'briefings'))).sort()).toEqual([
        'gsa-opens-a-shared-ai-sandbox-for-federal-agencies.md',
        'nist-publishes-draft-profile-for-generative-ai-risk.md',
      ]);
    } finally {
      await cleanup();
    }
  });

  it('reports a missing file and a bad date clearly', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const t = io(dir);
      expect(await runCli(['add', 'nope.md'], t.io)).toBe(2);
      expect(t.err()).toMatch(/nope\.md does not exist/);
      const t2 = io(dir);
      expect(await runCli(['add', 'x.md', '--date', 'someday'], t2.io)).toBe(2);
      expect(t2.err()).toContain('--date "someday" is not a date');
    } finally {
      await cleanup();
    }
  });
});
