import { parseFeed } from 'feedsmith';
import { canonicalUrl } from '../core/dedupe.js';
import { htmlToMarkdown, htmlToText, toIsoDate } from './extract.js';

// RSS 2.0, Atom 1.0, RDF (RSS 1.0) and JSON Feed, parsed by feedsmith, reduced to what an article needs.

export interface FeedItem {
  /** Stable identity within the feed: the guid/id, else the canonical link. */
  key: string;
  url?: string;
  title: string;
  author?: string;
  published?: string;
  /** Markdown body from the feed's own content (may be only a summary). */
  body: string;
  categories: string[];
}

export interface ParsedFeed {
  title?: string;
  items: FeedItem[];
}

/** Parses feed text; throws an Error with a readable message when it is not a feed. */
export function parseFeedItems(text: string, feedUrl: string): ParsedFeed {
  let parsed: ReturnType<typeof parseFeed<string>>;
  try {
    parsed = parseFeed<string>(text);
  } catch (error) {
    throw new Error(`${feedUrl} is not an RSS, Atom or JSON feed (${(error as Error).message})`);
  }
  const items: FeedItem[] = [];
  const push = (raw: Omit<FeedItem, 'key'> & { id?: string }) => {
    const url = raw.url ? absolute(raw.url, feedUrl) : undefined;
    const key = raw.id?.trim() || (url ? canonicalUrl(url) : undefined) || (raw.title ? `title:${raw.title}` : undefined);
    if (!key || (!raw.title && !raw.body)) return;
    const { id: _id, ...rest } = raw;
    items.push({ ...rest, key, ...(url ? { url } : {}), title: raw.title || firstWords(raw.body) });
  };
  switch (parsed.format) {
    case 'rss': {
      for (const it of parsed.feed.items ?? []) {
        push({
          id: it.guid?.value,
          url: it.link,
          title: htmlToText(it.title ?? ''),
          author: it.dc?.creators?.[0] ?? it.authors?.[0]?.name,
          published: toIsoDate(it.pubDate ?? it.dc?.dates?.[0]),
          body: htmlToMarkdown(it.content?.encoded ?? it.description ?? ''),
          categories: (it.categories ?? []).map((c) => c.name).filter((c): c is string => Boolean(c)),
        });
      }
      return { title: parsed.feed.title ?? undefined, items };
    }
    case 'atom': {
      for (const e of parsed.feed.entries ?? []) {
        const link = e.links?.find((l) => !l.rel || l.rel === 'alternate') ?? e.links?.[0];
        push({
          id: e.id,
          url: link?.href,
          title: htmlToText(e.title?.value ?? ''),
          author: e.authors?.[0]?.name,
          published: toIsoDate(e.published ?? e.updated),
          body: htmlToMarkdown(e.content?.value ?? e.summary?.value ?? ''),
          categories: (e.categories ?? []).map((c) => c.label ?? c.term).filter((c): c is string => Boolean(c)),
        });
      }
      return { title: parsed.feed.title?.value, items };
    }
    case 'rdf': {
      for (const it of parsed.feed.items ?? []) {
        push({
          url: it.link,
          title: htmlToText(it.title ?? ''),
          author: it.dc?.creators?.[0],
          published: toIsoDate(it.dc?.dates?.[0]),
          body: htmlToMarkdown(it.content?.encoded ?? it.description ?? ''),
          categories: [],
        });
      }
      return { title: parsed.feed.title ?? undefined, items };
    }
    case 'json': {
      for (const it of parsed.feed.items ?? []) {
        push({
          id: it.id,
          url: it.url,
          title: htmlToText(it.title ?? ''),
          author: it.authors?.[0]?.name,
          published: toIsoDate(it.date_published),
          body: it.content_html ? htmlToMarkdown(it.content_html) : (it.content_text ?? it.summary ?? ''),
          categories: it.tags ?? [],
        });
      }
      return { title: parsed.feed.title ?? undefined, items };
    }
  }
}

function absolute(href: string, base: string): string | undefined {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return undefined;
  }
}

function firstWords(body: string): string {
  return `${body.split(/\s+/).slice(0, 12).join(' ')}...`;
}
