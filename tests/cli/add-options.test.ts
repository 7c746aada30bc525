import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parseBriefingFile } from '../../src/core/front-matter.js';
import { slugify } from '../../src/ingest/briefing-writer.js';
import { extractArticle, withoutSiteSuffix } from '../../src/ingest/extract.js';
import { html, startFixtureServer, tempDir, type FixtureServer } from '../ingest/helpers.js';

// `govai add` as a user meets it (issue 13 item 4): --url and --id, kind option errors, word-boundary ids,
// calendar dates kept as written, and page titles from og:title / <h1> without the site's name.

const BODY =
  '<p>The Kansas legislature passed a ban on the procedure on Tuesday after a long debate in both chambers.</p>' +
  '<p>The governor is expected to sign it this week, her office said in a statement to reporters.</p>' +
  '<p>Opponents said they would challenge the law in the state courts before it takes effect next year.</p>';
const page = (head: string, h1 = '') =>
  `<!doctype html><html><head><meta ` +
  `charset="utf-8">${head}</head><body><main><article>${h1}${BODY}</article></main></body></html>`;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  // Readability keeps "| Example News" on a four-word title; the <h1> does not have it.
  server.route(
    '/kansas',
    html(
      page('<title>Kansas bans abortion procedure | Example News</title>', '<h1>Kansas bans abortion procedure</h1>'),
    ),
  );
  server.route(
    '/og',
    html(
      page(
        '<title>Home | Example News</title><meta property="og:site_name" content="Example News"><meta ' +
          'property="og:title" content="Senate passes AI procurement bill - Example News">',
        '<h1>Example News</h1>',
      ),
    ),
  );
});
afterAll(() => server.close());

function cli(cwd: string) {
  let stdout = '';
  let stderr = '';
  return {
    run: (args: string[]) =>
      runCli(args, {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        stdin: new PassThrough(),
        env: { GOVAI_BRIEFINGS_DIR: 'briefings', GOVAI_DB: ':memory:' },
        cwd,
      }),
    out: () => stdout,
    err: () => stderr,
  };
}

async function briefing(dir: string, id: string) {
  const parsed = parseBriefingFile(await readFile(path.join(dir, 'briefings', `${id}.md`), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.article;
}

const NOTE = '# County adopts AI use policy\n\nThe county board adopted a policy for staff use of AI tools.\n';

describe('govai add', () => {
  it('takes --url (the file’s original link), --id and --date as a calendar date', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(path.join(dir, 'notes.md'), NOTE);
      const c = cli(dir);
      const code = await c.run([
        'add',
        'notes.md',
        '--url',
        'https://county.example.gov/news/ai-policy',
        '--id',
        'county-ai-policy',
        '--date',
        '2026-11-28',
      ]);
      expect(c.err()).toBe('');
      expect(code).toBe(0);
      expect(c.out()).toBe(
        'Added "County adopts AI use policy" as briefings/county-ai-policy.md (id county-ai-policy)\n',
      );
      const a = await briefing(dir, 'county-ai-policy');
      expect(a).toMatchObject({ url: 'https://county.example.gov/news/ai-policy', published: '2026-11-28' });
      expect(await readFile(path.join(dir, 'briefings', 'county-ai-policy.md'), 'utf8')).toContain(
        'published: "2026-11-28"\n',
      );

      // The same --id again is refused, not silently renamed; the link is known too.
      await writeFile(path.join(dir, 'again.md'), NOTE);
      const again = cli(dir);
      expect(await again.run(['add', 'again.md', '--id', 'county-ai-policy'])).toBe(1);
      expect(again.err()).toBe(
        'govai add: the id "county-ai-policy" is already used by a briefing; choose another --id\n',
      );
      const link = cli(dir);
      expect(
        await link.run(['add', 'again.md', '--url', 'https://county.example.gov/news/ai-policy?utm_source=x']),
      ).toBe(1);
      expect(link.err()).toContain('already added as briefing "county-ai-policy"');
      expect(await readdir(path.join(dir, 'briefings'))).toEqual(['county-ai-policy.md']);
    } finally {
      await cleanup();
    }
  });

  it('explains bad --id, --url and --date values, naming them', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(path.join(dir, 'notes.md'), NOTE);
      const cases: Array<[string[], string]> = [
        [['--id', 'Bad ID'], 'govai add: --id "Bad ID" is not a briefing id'],
        [['--url', 'county.example.gov/x'], 'govai add: --url "county.example.gov/x" is not an http or https link'],
        [['--date', '2026-02-30'], 'govai add: --date "2026-02-30" is not a date (use e.g. 2026-11-20)'],
      ];
      for (const [flags, message] of cases) {
        const c = cli(dir);
        expect(await c.run(['add', 'notes.md', ...flags])).toBe(2);
        expect(c.err()).toContain(message);
      }
      const c = cli(dir);
      expect(await c.run(['add', server.url('/kansas'), '--url', 'https://example.com/a'])).toBe(2);
      expect(c.err()).toMatch(/--url is a local file's original link/);
    } finally {
      await cleanup();
    }
  });

  it('answers an unknown or incomplete option in the house voice, with the usage', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const unknown = cli(dir);
      expect(await unknown.run(['add', 'notes.md', '--tag', 'x'])).toBe(2);
      expect(unknown.err()).toBe(
        'govai add: there is no --tag option (did you mean --tags?).\n' +
          'Usage: govai add <file|url> [--tags a,b] [--source name] [--title text] [--date YYYY-MM-DD] ' +
          '[--id id] [--url link] | add --feeds\n',
      );
      const odd = cli(dir);
      expect(await odd.run(['add', 'notes.md', '--frobnicate'])).toBe(2);
      expect(odd.err().split('\n')[0]).toBe('govai add: there is no --frobnicate option.');
      const missing = cli(dir);
      expect(await missing.run(['add', 'notes.md', '--tags'])).toBe(2);
      expect(missing.err().split('\n')[0]).toBe('govai add: --tags needs a value.');
      const flag = cli(dir);
      expect(await flag.run(['add', '--feeds=yes'])).toBe(2);
      expect(flag.err().split('\n')[0]).toBe('govai add: --feeds takes no value.');
      // An option with a short alias (doctor's -f, --format) is named by its long form.
      const aliased = cli(dir);
      expect(await aliased.run(['doctor', '--format'])).toBe(2);
      expect(aliased.err().split('\n')[0]).toBe('govai doctor: --format needs a value.');
      for (const text of [unknown.err(), odd.err(), missing.err(), flag.err(), aliased.err()]) {
        expect(text).not.toMatch(/To specify a positional argument|Unknown option/);
        expect(text.split("'").length % 2).toBe(1); // no unbalanced quote
      }
    } finally {
      await cleanup();
    }
  });

  it('takes the title of a page from og:title or the <h1>, without the site name, and cuts ids at a word', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(path.join(dir, 'govai.config.yaml'), 'fetch:\n  allowPrivateNetworks: true\n');
      const c = cli(dir);
      expect(await c.run(['add', server.url('/kansas'), '--date', '2026-11-28'])).toBe(0);
      expect(c.out()).toContain(
        'Added "Kansas bans abortion procedure" as briefings/kansas-bans-abortion-procedure.md',
      );
      expect(await briefing(dir, 'kansas-bans-abortion-procedure')).toMatchObject({
        title: 'Kansas bans abortion procedure',
        published: '2026-11-28',
      });
      const og = cli(dir);
      expect(await og.run(['add', server.url('/og'), '--id', 'senate-ai-bill'])).toBe(0);
      expect(og.out()).toContain('Added "Senate passes AI procurement bill" as briefings/senate-ai-bill.md');
    } finally {
      await cleanup();
    }
    const long = 'U.S. and South Korea say North Korea is behind cyberattacks on hospitals and banks';
    expect(slugify(long)).toBe('u-s-and-south-korea-say-north-korea-is-behind-cyberattacks');
    expect(slugify('U.S. and South Korea say North Korea is behind cyber attacks, officials')).toBe(
      'u-s-and-south-korea-say-north-korea-is-behind-cyber-attacks',
    );
    expect(slugify(long).length).toBeLessThanOrEqual(60);
    expect(slugify('a'.repeat(70))).toBe('a'.repeat(60));
  });

  it('strips a site suffix only when it is one', () => {
    expect(withoutSiteSuffix('Kansas bans abortion procedure | Example News')).toBe('Kansas bans abortion procedure');
    expect(withoutSiteSuffix('AI rules - what changes - Capitol Wire', 'Capitol Wire')).toBe('AI rules - what changes');
    expect(withoutSiteSuffix('Cyber command - a new AI office opens')).toBe('Cyber command - a new AI office opens');
    expect(withoutSiteSuffix('Budget: the Pentagon asks for more AI money')).toBe(
      'Budget: the Pentagon asks for more AI money',
    );
    const r = extractArticle(page('<title>Only a title | Site</title>'), 'https://example.com/a');
    expect(r.ok && r.page.title).toBe('Only a title');
  });
});
