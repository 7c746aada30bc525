import { XMLValidator } from 'fast-xml-parser';
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

/** A feed with more items than this is cut before parsing: no object is built for item 1,001 of 100,000. */
export const MAX_FEED_ITEMS = 1_000;

/**
 * Refuses what a feed never needs and what would cost us: DTD entity declarations (billion laughs: no briefing
 * from an entity-laden feed, not even a junk one), and XML that is not well-formed (reported, never read as an
 * empty feed). Cuts an oversized item list before parsing. Returns the text to parse.
 */
export function screenFeedText(text: string, feedUrl: string): string {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{')) return t; // JSON Feed
  if (/<!ENTITY/i.test(t.slice(0, 65_536)) || /<!DOCTYPE[^>]*\[/i.test(t.slice(0, 65_536))) {
    throw new Error(
      `${feedUrl} declares XML entities (<!DOCTYPE ... [<!ENTITY ...]>), which no feed needs; refused so it ` +
        `cannot expand`,
    );
  }
  const capped = capItems(t);
  const valid = XMLValidator.validate(capped);
  if (valid !== true) {
    throw new Error(`${feedUrl} is malformed XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})`);
  }
  return capped;
}

function capItems(t: string): string {
  for (const [close, root] of [
    ['</item>', /<rdf:RDF/i.test(t.slice(0, 4096)) ? '</rdf:RDF>' : '</channel></rss>'],
    ['</entry>', '</feed>'],
  ] as const) {
    let at = -1;
    let n = 0;
    while (n < MAX_FEED_ITEMS) {
      at = t.indexOf(close, at + 1);
      if (at < 0) break;
      n++;
    }
    if (n === MAX_FEED_ITEMS && at >= 0 && t.indexOf(close, at + 1) >= 0)
      return `${t.slice(0, at + close.length)}${root}`;
  }
  return t;
}

/** Parses feed text; throws an Error with a readable message when it is not a feed, is malformed or is hostile. */
export function parseFeedItems(text: string, feedUrl: string): ParsedFeed {
  let parsed: ReturnType<typeof parseFeed<string>>;
  const screened = screenFeedText(text, feedUrl);
  try {
    parsed = parseFeed<string>(screened);
  } catch (error) {
    throw new Error(`${feedUrl} is not an RSS, Atom or JSON feed (${(error as Error).message})`);
  }
  const items: FeedItem[] = [];
  const push = (raw: Omit<FeedItem, 'key'> & { id?: string }) => {
    const url = raw.url ? absolute(raw.url, feedUrl) : undefined;
    const key =
      raw.id?.trim() || (url ? canonicalUrl(url) : undefined) || (raw.title ? `title:${raw.title}` : undefined);
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
