import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

// Main-text extraction: Readability (Firefox Reader View's algorithm) over a linkedom DOM, then the article's HTML
// turned into the Markdown body a briefing file holds (paragraphs separated by blank lines, `##` headings).

export interface ExtractedPage {
  title: string;
  /** The site's name (og:site_name) when the page says it. */
  siteName?: string;
  author?: string;
  /** ISO date-time when the page has one. */
  published?: string;
  body: string;
  /** The page's own canonical link, if it declares one. */
  canonical?: string;
}

export const MIN_ARTICLE_CHARS = 100;

/** Extracts the article from an HTML page, or explains why there is none. */
export function extractArticle(
  html: string,
  pageUrl: string,
): { ok: true; page: ExtractedPage } | { ok: false; message: string } {
  const { document } = parseHTML(html);
  const meta = (selector: string) => document.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() || undefined;
  const metaDate =
    meta('meta[property="article:published_time"]') ??
    meta('meta[name="date"]') ??
    meta('meta[name="DC.date.issued"]') ??
    meta('meta[itemprop="datePublished"]') ??
    document.querySelector('time[datetime]')?.getAttribute('datetime')?.trim();
  let parsed: ReturnType<Readability<string>['parse']>;
  try {
    // Readability mutates the document it reads; it is ours alone.
    parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 200,
    }).parse();
  } catch (error) {
    return { ok: false, message: `the page could not be read as an article (${(error as Error).message})` };
  }
  const body = parsed?.content ? htmlToMarkdown(parsed.content) : '';
  // A page whose "article" is a menu or a cookie banner is not worth a briefing.
  if (!parsed || body.replace(/\s+/g, ' ').length < MIN_ARTICLE_CHARS)
    return { ok: false, message: `no article text was found at ${pageUrl}` };
  const title =
    clean(parsed.title ?? '') || clean(document.querySelector('title')?.textContent ?? '') || firstWords(body);
  const published = toIsoDate(parsed.publishedTime ?? metaDate);
  const author = clean(parsed.byline ?? '').replace(/^by\s+/i, '') || undefined;
  const siteName = clean(parsed.siteName ?? '') || undefined;
  return {
    ok: true,
    page: {
      title,
      body,
      ...(siteName ? { siteName } : {}),
      ...(author ? { author } : {}),
      ...(published ? { published } : {}),
      ...(canonical ? { canonical: resolveHref(canonical, pageUrl) } : {}),
    },
  };
}

// linkedom's nodes, typed structurally (the project has no DOM lib types).
interface Node {
  tagName: string;
  textContent: string | null;
  children: ArrayLike<Node>;
  querySelectorAll(selector: string): ArrayLike<Node>;
}

const BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'DT',
  'DD',
  'FIGCAPTION',
  'TD',
  'TH',
]);

/** Turns an HTML fragment into briefing Markdown: one paragraph per block, headings as `## `. */
export function htmlToMarkdown(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const out: string[] = [];
  const walk = (node: Node) => {
    for (const child of Array.from(node.children)) {
      const tag = child.tagName.toUpperCase();
      if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT') continue;
      // A block holding other blocks (a <li> with <p>s) is walked, so its text is not emitted twice.
      if (
        BLOCKS.has(tag) &&
        !Array.from(child.querySelectorAll('*')).some((d) => BLOCKS.has(d.tagName.toUpperCase()))
      ) {
        const text = clean(child.textContent ?? '');
        if (text === '') continue;
        out.push(/^H[1-6]$/.test(tag) ? `## ${text}` : tag === 'LI' ? `- ${text}` : text);
      } else if (child.children.length > 0) walk(child);
      else {
        const text = clean(child.textContent ?? '');
        if (text !== '' && child.tagName.toUpperCase() !== 'BR') out.push(text);
      }
    }
  };
  walk(document.body as unknown as Node);
  if (out.length === 0) {
    const text = clean(document.body?.textContent ?? '');
    if (text) out.push(text);
  }
  return out.join('\n\n');
}

/** Plain text of an HTML fragment (feed titles and summaries may carry markup and entities). */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return clean(html);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return clean(document.body?.textContent ?? '');
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function firstWords(body: string): string {
  const words = body
    .replace(/^#+\s*/, '')
    .split(/\s+/)
    .slice(0, 12)
    .join(' ');
  return words.length > 0 ? `${words}...` : 'Untitled';
}

export function toIsoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function resolveHref(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

/** Decodes an HTTP body using the charset from Content-Type or the page's meta tag; UTF-8 otherwise. */
export function decodeBody(body: Buffer, contentType: string | null): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  const head = body.subarray(0, 2048).toString('latin1');
  const fromMeta =
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ?? /<\?xml[^>]+encoding=["']([\w-]+)/i.exec(head)?.[1];
  for (const label of [fromHeader, fromMeta, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      // unknown label: try the next one
    }
  }
  return body.toString('utf8');
}
