import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handleConsoleLine } from '../../src/adapters/console/console-adapter.js';
import { renderText } from '../../src/adapters/console/render-text.js';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/load.js';
import { watchBriefings, type BriefingsWatcher } from '../../src/ingest/watch-briefings.js';
import { SEED_BRIEFING, tempProject } from '../helpers/seed.js';
import { captureLogger, waitFor } from './helpers.js';

const SEED_ID = 'anthropic-intelligence-agencies';
let watcher: BriefingsWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

async function start() {
  const { dir, briefingsDir } = tempProject();
  const loaded = loadConfig({ GOVAI_DB: ':memory:' }, dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const { logger, lines } = captureLogger();
  const ctx = await createAppContext({ config: loaded.config, logger });
  watcher = watchBriefings(ctx.repository, { logger, debounceMs: 100 });
  await watcher.ready;
  return { ctx, briefingsDir, lines, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** What `/govai summary <id>` shows, as the console prints it. */
async function summary(ctx: AppContext, id = SEED_ID): Promise<string> {
  const reply = await handleConsoleLine(ctx, `/govai summary ${id}`);
  return reply ? renderText(reply) : '';
}

describe('hot reload of briefings/', () => {
  it(
    'serves an edited briefing within seconds, keeps the last good version when the front matter breaks, and ' +
      'reports it',
    async () => {
      const { ctx, briefingsDir, lines, cleanup } = await start();
      try {
        const file = path.join(briefingsDir, path.basename(SEED_BRIEFING));
        const original = await readFile(file, 'utf8');
        expect(await summary(ctx)).toContain('Anthropic in talks to supply Claude');

        await writeFile(
          file,
          original.replace(
            'title: "Anthropic in talks to supply Claude to U.S. intelligence agencies"',
            'title: "Anthropic nears deal to supply Claude to U.S. spy agencies"',
          ),
        );
        await waitFor(
          () => summary(ctx),
          (text) => text.includes('Anthropic nears deal to supply Claude to U.S. spy agencies'),
        );

        // Broken front matter: an unclosed YAML list. The edited version stays served; the error is logged with the file.
        await writeFile(
          file,
          original.replace('tags: [procurement, intelligence, classified-cloud]', 'tags: [procurement, intelligence'),
        );
        const logged = await waitFor(
          () => lines().filter((l) => l.level === 50 && l.file === file),
          (found) => found.length > 0,
        );
        expect(String(logged[0]?.msg)).toMatch(
          /briefing file rejected \(the last good version stays served\).*front matter is not valid YAML/,
        );
        expect(await summary(ctx)).toContain('Anthropic nears deal to supply Claude to U.S. spy agencies');
        expect(ctx.repository.problems()).toEqual([expect.objectContaining({ file, field: 'front matter' })]);

        // Fixed again: served and the problem is gone.
        await writeFile(file, original);
        await waitFor(
          () => summary(ctx),
          (text) => text.includes('Anthropic in talks to supply Claude'),
        );
        expect(ctx.repository.problems()).toEqual([]);
      } finally {
        await cleanup();
      }
    },
  );

  it('picks up added and removed files without a restart', async () => {
    const { ctx, briefingsDir, cleanup } = await start();
    try {
      const added = path.join(briefingsDir, 'county-ai-policy.md');
      await writeFile(
        added,
        '---\nid: county-ai-policy\ntitle: "County adopts AI policy"\nsource: "County Gazette"\npublished: ' +
          '2026-11-26\n---\n\nThe county board adopted a policy for staff use of AI tools. It requires human ' +
          'review of public notices.\n',
      );
      await waitFor(
        () => summary(ctx, 'county-ai-policy'),
        (text) => text.includes('County adopts AI policy'),
      );
      await rm(added);
      await waitFor(
        () => summary(ctx, 'county-ai-policy'),
        (text) => text.includes('No briefing has the id "county-ai-policy"'),
      );
      expect(ctx.repository.library().briefings.map((b) => b.id)).toEqual([SEED_ID]);
    } finally {
      await cleanup();
    }
  });
});
