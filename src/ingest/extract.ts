import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export { decodeBody } from './decode-body.js';

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
  // Read before Readability rewrites the document.
  const headline = pageTitle(document, meta('meta[property="og:site_name"]'));
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
  const published = toIsoDate(parsed.publishedTime ?? metaDate);
  const author = clean(parsed.byline ?? '').replace(/^by\s+/i, '') || undefined;
  const siteName = clean(parsed.siteName ?? '') || undefined;
  const title = headline.title || clean(parsed.title ?? '') || firstWords(body);
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

/**
 * The page's headline: og:title (or twitter:title), else the article's <h1>, else <title>, without a site suffix
 * ("Kansas bans abortion procedure | Example News"). Readability keeps such a suffix on short titles, so it is only
 * the last resort.
 */
function pageTitle(
  document: { querySelector(s: string): ElementLike | null; querySelectorAll(s: string): ArrayLike<ElementLike> },
  siteName: string | undefined,
): { title: string } {
  const metaContent = (selector: string) => clean(document.querySelector(selector)?.getAttribute('content') ?? '');
  const docTitle = clean(document.querySelector('title')?.textContent ?? '');
  const h1s = Array.from(document.querySelectorAll('h1'))
    .map((h) => clean(h.textContent ?? ''))
    .filter((t) => t.length > 0);
  // Several <h1>s (a logo, then the headline): the one the <title> starts with, else the first.
  const h1 = h1s.find((t) => docTitle.toLowerCase().startsWith(t.toLowerCase())) ?? h1s[0] ?? '';
  const raw =
    metaContent('meta[property="og:title"]') ||
    metaContent('meta[name="twitter:title"]') ||
    metaContent('meta[property="twitter:title"]') ||
    h1 ||
    docTitle;
  return { title: withoutSiteSuffix(raw, siteName) };
}

interface ElementLike {
  textContent: string | null;
  getAttribute(name: string): string | null;
}

const SITE_SEPARATOR = /\s+(\||·|•|::|-|–|—)\s+/g;

/** "Headline | Site" -> "Headline": the last part goes when it names the site, or after a `|` when it is short. */
export function withoutSiteSuffix(title: string, siteName?: string): string {
  const m = [...title.matchAll(SITE_SEPARATOR)].at(-1);
  if (!m || m.index === 0) return title;
  const head = title.slice(0, m.index).trim();
  const tail = title.slice(m.index + m[0].length).trim();
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const namesSite = siteName !== undefined && norm(tail) !== '' && norm(tail) === norm(siteName);
  const pipeLike = m[1] !== '-' && m[1] !== '–' && m[1] !== '—';
  if (head.length === 0) return title;
  if (namesSite || (pipeLike && tail.split(/\s+/).length <= 4)) return head;
  return title;
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
