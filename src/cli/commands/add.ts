import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseBriefingFile } from '../../core/front-matter.js';
import type { ArticleDraft } from '../../ingest/briefing-writer.js';
import type { CliCommand, CliIO } from '../io.js';
import { CliError } from '../io.js';
import { loadCliContext, parseCliArgs } from '../shared.js';

// `govai add <file|url>`: a local Markdown/text file or a web page becomes a briefing file in briefings/.
// `govai add --feeds` polls every configured feed once (the same code the running bot uses).

export const addCommand: CliCommand = {
  name: 'add',
  usage: 'add <file|url> [--tags a,b] [--source name] [--title text] [--date ISO] | add --feeds',
  summary:
    'Add an article from a Markdown/text file or a URL as a briefing file; --feeds polls the configured feeds once.',
  async run(args, io) {
    const { values, positionals } = parseCliArgs('add', args, {
      tags: { type: 'string' },
      source: { type: 'string' },
      title: { type: 'string' },
      date: { type: 'string' },
      feeds: { type: 'boolean' },
    });
    if (values.feeds) return pollFeedsOnce(io);
    const target = positionals[0];
    if (!target || positionals.length > 1)
      throw new CliError('govai add: give one file or URL, e.g. govai add https://example.gov/news/ai-policy');
    const tags =
      typeof values.tags === 'string'
        ? values.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : [];
    if (values.date !== undefined && Number.isNaN(Date.parse(String(values.date))))
      throw new CliError(`govai add: --date "${values.date}" is not a date (use e.g. 2026-11-20)`);
    const ctx = await loadCliContext(io, { quiet: true });
    const { ingesterFor } = await import('../../ingest/service.js');
    const ingester = ingesterFor(ctx);
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
    const result = isUrl
      ? await ingester.addUrl(target, {
          tags,
          ...(typeof values.source === 'string' ? { source: values.source } : {}),
          ...(typeof values.date === 'string' ? { published: new Date(Date.parse(values.date)).toISOString() } : {}),
        })
      : await ingester.addDraft(
          await draftFromFile(
            path.resolve(io.cwd, target),
            values,
            tags,
            new Set(ctx.repository.library().briefings.map((b) => b.id)),
          ),
        );
    if (!result.ok) {
      io.stderr.write(`govai add: ${target}: ${result.message}\n`);
      return 1;
    }
    const rel = path.relative(io.cwd, result.file) || result.file;
    io.stdout.write(`Added "${result.title}" as ${rel} (id ${result.briefingId})\n`);
    return 0;
  },
};

async function draftFromFile(
  file: string,
  values: Record<string, string | boolean | undefined>,
  tags: string[],
  ids: ReadonlySet<string>,
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
        `govai add: ${file} has front matter with problems:\n${parsed.problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`,
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
      published: a.published,
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
  const date = str(values.date);
  return {
    title,
    source: str(values.source) ?? 'local file',
    published: date ? new Date(Date.parse(date)).toISOString() : mtime.toISOString(),
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
  const { feedStatePath, jsonFileFeedState, memoryFeedState } = await import('../../ingest/feed-state.js');
  const { fetchPolicyFrom } = await import('../../ingest/service.js');
  const statePath = feedStatePath(ctx.config.dbPath);
  const store = statePath
    ? jsonFileFeedState(statePath, (e) => io.stderr.write(`warning: ${e.message}\n`))
    : memoryFeedState();
  const poller = createFeedPoller({ feeds, ingester: ingesterFor(ctx), store, policy: fetchPolicyFrom(ctx.config) });
  let failed = 0;
  for (const feed of feeds) {
    const r = await poller.pollFeed(feed);
    if (r.status === 'error') {
      failed++;
      io.stdout.write(`${feed.url}: error: ${r.error}\n`);
    } else if (r.status === 'not-modified') io.stdout.write(`${feed.url}: not modified\n`);
    else
      io.stdout.write(
        `${feed.url}: ${r.ingested.length} new${r.duplicates ? `, ${r.duplicates} already known` : ''}${r.deferred ? `, ${r.deferred} left for the next poll` : ''}\n`,
      );
  }
  return failed > 0 ? 1 : 0;
}
