import { systemTime } from '../time/system-time.js';
import { canonicalUrl } from '../core/dedupe.js';
import type { Logger } from '../log/logger.js';
import { takenIds, writeBriefing, type ArticleDraft } from './briefing-writer.js';
import { decodeBody } from './decode-body.js';
import type { ExtractedPage } from './extract.js';
import { extractInWorker } from './isolate.js';
import { FetchError, safeFetch, type FetchPolicy } from './safe-fetch.js';

// Turns URLs and drafts into briefing files, once per canonical URL. Used by `govai add`, `/govai add` and feeds.

export type IngestResult =
  | { ok: true; briefingId: string; title: string; file: string; url?: string }
  | { ok: false; reason: 'duplicate' | 'fetch' | 'extract' | 'invalid' | 'io'; message: string; existingId?: string };

export interface IngesterDeps {
  dir: string;
  policy: FetchPolicy;
  logger?: Logger;
  /** Briefings already served: their ids and URLs (the repository's current library). */
  existing: () => Iterable<{ id: string; url?: string }>;
  /** Called after a file is written, e.g. the repository's reload, so the next digest sees it at once. */
  afterWrite?: (written: { id: string; file: string }) => Promise<unknown>;
  clock?: () => number;
}

export interface AddUrlOptions {
  tags?: string[];
  /** Overrides the site name as the briefing's source. */
  source?: string;
  /** The date the user gave (`govai add --date`): wins over the page's own. */
  published?: string;
  /** The title the user gave (`--title`): wins over the page's headline. */
  title?: string;
  /** The briefing id the user asked for (`--id`); the writer still never overwrites a taken one. */
  id?: string;
}

export interface Ingester {
  addUrl(url: string, options?: AddUrlOptions): Promise<IngestResult>;
  addDraft(draft: ArticleDraft): Promise<IngestResult>;
  /** Fetches and extracts a page without writing anything (feeds use it for items without full text). */
  fetchPage(
    url: string,
  ): Promise<
    { ok: true; page: ExtractedPage; finalUrl: string } | { ok: false; reason: 'fetch' | 'extract'; message: string }
  >;
  /** The briefing id that already has this URL (canonical comparison), if any. */
  knownUrl(url: string): string | undefined;
}

export function createIngester(deps: IngesterDeps): Ingester {
  const clock = deps.clock ?? systemTime.now;
  // URLs written by this process, before the repository's next reload sees them.
  const recent = new Map<string, string>();
  let queue: Promise<unknown> = Promise.resolve();
  // One write at a time: two admins adding the same link at once must give one briefing.
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  // Canonical URLs of the served briefings, rebuilt only when the repository hands out a new list.
  let index: { source: object; urls: Map<string, string> } | undefined;
  const libraryUrls = (): Map<string, string> => {
    const existing = deps.existing();
    if (index?.source !== existing) {
      const urls = new Map<string, string>();
      for (const b of existing) {
        const c = b.url ? canonicalUrl(b.url) : undefined;
        if (c && !urls.has(c)) urls.set(c, b.id);
      }
      index = { source: existing, urls };
    }
    return index.urls;
  };
  const knownUrl = (url: string): string | undefined => {
    const c = canonicalUrl(url);
    if (!c) return undefined;
    return recent.get(c) ?? libraryUrls().get(c);
  };

  const write = async (draft: ArticleDraft, urls: string[]): Promise<IngestResult> => {
    for (const u of urls) {
      const id = knownUrl(u);
      if (id) return { ok: false, reason: 'duplicate', message: `already added as briefing "${id}"`, existingId: id };
    }
    let written: { id: string; file: string };
    try {
      written = await writeBriefing(
        deps.dir,
        draft,
        await takenIds(
          deps.dir,
          [...deps.existing()].map((b) => b.id),
        ),
      );
    } catch (error) {
      const message = (error as Error).message;
      return {
        ok: false,
        reason: (error as NodeJS.ErrnoException).code ? 'io' : 'invalid',
        message: `could not write the briefing: ${message}`,
      };
    }
    for (const u of urls) {
      const c = canonicalUrl(u);
      if (c) recent.set(c, written.id);
    }
    deps.logger?.info({ briefing: written.id, file: written.file, url: draft.url }, 'article added');
    await deps
      .afterWrite?.(written)
      .catch((error: unknown) => deps.logger?.warn({ err: error }, 'reload after add failed'));
    return {
      ok: true,
      briefingId: written.id,
      title: draft.title,
      file: written.file,
      ...(draft.url ? { url: draft.url } : {}),
    };
  };

  const fetchPage: Ingester['fetchPage'] = async (url) => {
    let fetched: Awaited<ReturnType<typeof safeFetch>>;
    try {
      fetched = await safeFetch(url, deps.policy, { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
    } catch (error) {
      if (error instanceof FetchError) return { ok: false, reason: 'fetch', message: error.message };
      throw error;
    }
    const type = fetched.headers.get('content-type') ?? '';
    if (type && !/html|xml|text\/plain/i.test(type))
      return { ok: false, reason: 'extract', message: `${fetched.url} is ${type.split(';')[0]}, not a web page` };
    // In a worker with a time and memory budget: a hostile page is refused, the bot keeps answering.
    const extracted = await extractInWorker(decodeBody(fetched.body, type), fetched.url, deps.policy.budget);
    if (!extracted.ok) return { ok: false, reason: 'extract', message: extracted.message };
    return { ok: true, page: extracted.page, finalUrl: fetched.url };
  };

  return {
    knownUrl,
    fetchPage,
    addDraft: (draft) => serial(() => write(draft, draft.url ? [draft.url] : [])),
    addUrl: (url, options = {}) =>
      serial(async () => {
        const canonical = canonicalUrl(url);
        if (!canonical) return { ok: false, reason: 'invalid', message: `"${url}" is not an http or https URL` };
        const existingId = knownUrl(canonical);
        if (existingId)
          return { ok: false, reason: 'duplicate', message: `already added as briefing "${existingId}"`, existingId };
        const result = await fetchPage(url);
        if (!result.ok) return result;
        const { page } = result;
        const finalUrl = canonicalUrl(result.finalUrl) ?? canonical;
        const draft: ArticleDraft = {
          ...(options.id ? { id: options.id } : {}),
          title: options.title ?? page.title,
          source: options.source ?? page.siteName ?? new URL(finalUrl).hostname.replace(/^www\./, ''),
          url: finalUrl,
          published: options.published ?? page.published ?? new Date(clock()).toISOString(),
          tags: options.tags ?? [],
          body: page.body,
          ...(page.author ? { author: page.author } : {}),
        };
        return write(draft, [canonical, finalUrl, ...(page.canonical ? [page.canonical] : [])]);
      }),
  };
}
