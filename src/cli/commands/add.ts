import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseBriefingFile } from '../../core/front-matter.js';
import type { ArticleDraft } from '../../ingest/briefing-writer.js';
import type { FeedPoller, FeedSettings } from '../../ingest/feed-poller.js';
import type { CliCommand, CliIO } from '../io.js';
import { CliError } from '../io.js';
import { loadCliContext, parseCliArgs } from '../shared.js';

// `govai add <file|url>`: a local Markdown/text file or a web page becomes a briefing file in briefings/.
// `govai add --feeds` polls every configured feed once (the same code the running bot uses).

export const addCommand: CliCommand = {
  name: 'add',
  usage:
    'add <file|url> [--tags a,b] [--source name] [--title text] [--date YYYY-MM-DD] [--id id] [--url link] ' +
    '| add --feeds',
  summary:
    "Add an article from a Markdown/text file or a URL as a briefing file (--url: a local file's original " +
    'link; --id: the briefing id); --feeds polls the configured feeds once.',
  async run(args, io) {
    const { values, positionals } = parseCliArgs('add', args, {
      tags: { type: 'string' },
      source: { type: 'string' },
      title: { type: 'string' },
      date: { type: 'string' },
      id: { type: 'string' },
      url: { type: 'string' },
      feeds: { type: 'boolean' },
    });
    if (values.feeds) return pollFeedsOnce(io);
    const target = positionals[0];
    if (!target || positionals.length > 1)
      throw new CliError('govai add: give one file or URL, e.g. govai add https://example.gov/news/ai-policy', 2, {
        showUsage: true,
      });
    const tags =
      typeof values.tags === 'string'
        ? values.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : [];
    const published = typeof values.date === 'string' ? userDate(values.date) : undefined;
    const id = typeof values.id === 'string' ? values.id.trim() : undefined;
    if (id !== undefined && !ID_PATTERN.test(id))
      throw new CliError(
        `govai add: --id "${id}" is not a briefing id (lowercase letters, digits and dashes, at most 80, ` +
          `e.g. gsa-ai-sandbox)`,
      );
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
    const link = typeof values.url === 'string' ? values.url.trim() : undefined;
    if (link !== undefined && isUrl)
      throw new CliError(
        "govai add: --url is a local file's original link; a web page's link is its own address, so leave --url out",
      );
    if (link !== undefined && !/^https?:\/\/[^\s/]+/i.test(link))
      throw new CliError(`govai add: --url "${link}" is not an http or https link (e.g. https://example.gov/news/ai)`);
    const ctx = await loadCliContext(io, { quiet: true });
    const briefingIds = new Set(ctx.repository.library().briefings.map((b) => b.id));
    if (id !== undefined) {
      const { takenIds } = await import('../../ingest/briefing-writer.js');
      if ((await takenIds(ctx.config.briefingsDir, briefingIds)).has(id))
        throw new CliError(`govai add: the id "${id}" is already used by a briefing; choose another --id`, 1);
    }
    const { ingesterFor } = await import('../../ingest/service.js');
    // With PostgreSQL (replicas), the briefing is recorded there too, and every running replica serves it.
    const shared = ctx.config.databaseUrl ? await openCliStore(ctx.config) : undefined;
    const ingester = ingesterFor(shared ? { ...ctx, store: shared } : ctx);
    let result: Awaited<ReturnType<typeof ingester.addUrl>>;
    try {
      result = isUrl
        ? await ingester.addUrl(target, {
            tags,
            ...(typeof values.source === 'string' && values.source.trim() ? { source: values.source.trim() } : {}),
            ...(typeof values.title === 'string' && values.title.trim() ? { title: values.title.trim() } : {}),
            ...(published ? { published } : {}),
            ...(id ? { id } : {}),
          })
        : await ingester.addDraft({
            ...(await draftFromFile(path.resolve(io.cwd, target), values, tags, briefingIds, published)),
            ...(id ? { id } : {}),
            ...(link ? { url: link } : {}),
          });
    } finally {
      shared?.close();
    }
    if (!result.ok) {
      io.stderr.write(`govai add: ${target}: ${result.message}\n`);
      return 1;
    }
    const rel = path.relative(io.cwd, result.file) || result.file;
    io.stdout.write(`Added "${result.title}" as ${rel} (id ${result.briefingId})\n`);
    return 0;
  },
};

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * `--date` as the user wrote it when it is already what a briefing file holds: `2026-11-28` stays `2026-11-28`
 * (a calendar date, not midnight UTC), a date-time with a zone stays as written; anything else Date can read is
 * stored as an ISO date-time.
 */
function userDate(value: string): string {
  const v = value.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (dateOnly) {
    const d = new Date(`${v}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v) return v;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    if (!Number.isNaN(Date.parse(v))) return v;
  } else if (!Number.isNaN(Date.parse(v))) return new Date(Date.parse(v)).toISOString();
  throw new CliError(`govai add: --date "${value}" is not a date (use e.g. 2026-11-20)`);
}

async function draftFromFile(
  file: string,
  values: Record<string, string | boolean | undefined>,
  tags: string[],
  ids: ReadonlySet<string>,
  published: string | undefined,
): Promise<ArticleDraft> {
  let text: string;
  let mtime: Date;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CliError(`govai add: ${file} is not a file`);
    mtime = info.mtime;
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`govai add: ${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}`);
  }
  if (text.includes('\u0000')) throw new CliError(`govai add: ${file} looks like a binary file, not Markdown or text`);
  const str = (v: string | boolean | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  if (/^\uFEFF?---\r?\n/.test(text)) {
    // Already a briefing file: keep what the editor wrote; the flags only fill in or add.
    const parsed = parseBriefingFile(text);
    if (!parsed.ok)
      throw new CliError(
        `govai add: ${file} has front matter with ` +
          `problems:\n${parsed.problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`,
      );
    const a = parsed.article;
    if (ids.has(a.id))
      throw new CliError(
        `govai add: ${file}: id "${a.id}" is already used by another briefing; change the id in its front matter`,
      );
    return {
      id: a.id,
      title: str(values.title) ?? a.title,
      source: str(values.source) ?? a.source,
      ...(a.url ? { url: a.url } : {}),
      published: published ?? a.published,
      tags: [...new Set([...a.tags, ...tags])],
      keywords: a.keywords,
      body: a.body,
    };
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  let title = str(values.title);
  const first = lines[0]?.trim() ?? '';
  // A leading `# Heading`, or a short first line followed by a blank line, is the title.
  if (
    /^#\s+\S/.test(first) ||
    (first.length > 0 && first.length <= 150 && (lines[1] ?? '').trim() === '' && lines.length > 2)
  ) {
    title ??= first.replace(/^#\s+/, '');
    lines.shift();
  }
  const body = lines.join('\n').trim();
  if (body === '') throw new CliError(`govai add: ${file} has no article text`);
  title ??= path
    .basename(file)
    .replace(/\.[^.]+$/, '')
    .replace(/[-_]+/g, ' ');
  return {
    title,
    source: str(values.source) ?? 'local file',
    published: published ?? mtime.toISOString(),
    tags,
    body,
  };
}

async function pollFeedsOnce(io: CliIO): Promise<number> {
  const ctx = await loadCliContext(io, { quiet: true });
  const feeds = ctx.config.file.feeds;
  if (feeds.length === 0) {
    io.stdout.write('No feeds are configured (add `feeds:` to govai.config.yaml).\n');
    return 0;
  }
  const { ingesterFor } = await import('../../ingest/service.js');
  const { createFeedPoller } = await import('../../ingest/feed-poller.js');
  const { feedStatePath, memoryFeedState, storeFeedState } = await import('../../ingest/feed-state.js');
  const { fetchPolicyFrom } = await import('../../ingest/service.js');
  const { openStore, StoreError, storeLocation } = await import('../../store/store.js');
  // The same feed state the bot keeps (the store), so a poll here and the bot's next poll agree on what is new.
  let db: ReturnType<typeof openStore> | undefined;
  if (ctx.config.dbPath !== ':memory:' || ctx.config.databaseUrl) {
    try {
      db = openStore(storeLocation(ctx.config));
    } catch (error) {
      if (error instanceof StoreError) throw new CliError(`govai add: ${error.message}`);
      throw error;
    }
  }
  const legacy = ctx.config.databaseUrl ? undefined : feedStatePath(ctx.config.dbPath);
  const store = db ? storeFeedState(db.feedStates, legacy) : memoryFeedState();
  const poller = createFeedPoller({
    feeds,
    ingester: ingesterFor(db ? { ...ctx, store: db } : ctx),
    store,
    policy: fetchPolicyFrom(ctx.config),
  });
  try {
    return await pollEach(io, feeds, poller);
  } finally {
    db?.close();
  }
}

async function pollEach(io: CliIO, feeds: readonly FeedSettings[], poller: FeedPoller): Promise<number> {
  let failed = 0;
  for (const feed of feeds) {
    const r = await poller.pollFeed(feed);
    if (r.status === 'error') {
      failed++;
      io.stdout.write(`${feed.url}: error: ${r.error}\n`);
    } else if (r.status === 'not-modified') io.stdout.write(`${feed.url}: not modified\n`);
    else
      io.stdout.write(
        `${feed.url}: ` +
          `${r.ingested.length} new${r.duplicates ? `, ${r.duplicates} already known` : ''}${r.deferred ? `, ${r.deferred} left for the next poll` : ''}\n`,
      );
  }
  return failed > 0 ? 1 : 0;
}

async function openCliStore(config: { dbPath: string; databaseUrl?: string }) {
  const { openStore, StoreError, storeLocation } = await import('../../store/store.js');
  try {
    return openStore(storeLocation(config));
  } catch (error) {
    if (error instanceof StoreError) throw new CliError(`govai add: ${error.message}`);
    throw error;
  }
}
