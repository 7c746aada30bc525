import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/core/briefing.js';
import { canonicalUrl, groupNearDuplicates, textSimilarity } from '../../src/core/dedupe.js';
import { composeDigest } from '../../src/core/digest.js';
import type { Article } from '../../src/core/model.js';
import { extractArticle } from '../../src/ingest/extract.js';
import { fixture } from './helpers.js';

describe('canonicalUrl', () => {
  it('strips tracking parameters, fragments, default ports, host case and trailing slashes', () => {
    expect(
      canonicalUrl('HTTPS://News.Example.GOV:443/story/ai-policy/?utm_source=x&utm_medium=y&fbclid=1&gclid=2#top'),
    ).toBe('https://news.example.gov/story/ai-policy');
    expect(canonicalUrl('http://example.org/')).toBe('http://example.org');
    expect(canonicalUrl('http://example.org:8080/a?b=2&a=1')).toBe('http://example.org:8080/a?a=1&b=2');
  });

  it('keeps parameters that select content and tells different pages apart', () => {
    expect(canonicalUrl('https://x.gov/news?id=5&utm_campaign=z')).toBe('https://x.gov/news?id=5');
    expect(canonicalUrl('https://x.gov/news?id=5')).not.toBe(canonicalUrl('https://x.gov/news?id=6'));
    expect(canonicalUrl('https://x.gov/a')).not.toBe(canonicalUrl('http://x.gov/a'));
  });

  it('refuses what is not an http(s) URL', () => {
    expect(canonicalUrl('ftp://x.gov/a')).toBeUndefined();
    expect(canonicalUrl('not a url')).toBeUndefined();
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const once = canonicalUrl(url);
        if (once !== undefined) expect(canonicalUrl(once)).toBe(once);
      }),
    );
  });
});

describe('near-duplicate detection', () => {
  const a = extractArticle(fixture('story-outlet-a.html'), 'https://a.example/s');
  const b = extractArticle(fixture('story-outlet-b.html'), 'https://b.example/s');
  const other = extractArticle(fixture('article.html'), 'https://c.example/s');
  if (!a.ok || !b.ok || !other.ok) throw new Error('fixtures must extract');

  it('scores two outlets running the same story high and different stories low', () => {
    expect(textSimilarity(a.page.body, b.page.body)).toBeGreaterThan(0.7);
    expect(textSimilarity(a.page.body, other.page.body)).toBeLessThan(0.1);
  });

  it('groups only the near-duplicates', () => {
    const groups = groupNearDuplicates([
      { id: 'a', text: a.page.body },
      { id: 'other', text: other.page.body },
      { id: 'b', text: b.page.body },
    ]);
    expect(groups).toEqual([['a', 'b'], ['other']]);
  });

  it('never groups texts with no shingle in common', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('alpha', 'beta', 'gamma', 'delta'), { minLength: 5, maxLength: 30 }),
        (words) => {
          const groups = groupNearDuplicates([
            { id: 'x', text: words.join(' ') },
            { id: 'y', text: words.map((w) => w.toUpperCase().split('').reverse().join('')).join(' ') },
          ]);
          expect(groups).toHaveLength(2);
        },
      ),
    );
  });

  it('shows one digest item with "also reported by" for the same story from two outlets', () => {
    const toArticle = (id: string, page: typeof a.page, url: string): Article => ({
      id,
      title: page.title,
      source: page.siteName ?? 'x',
      url,
      published: page.published ?? '2026-11-25T00:00:00Z',
      tags: [],
      keywords: [],
      qa: [],
      body: page.body,
    });
    const briefings = [
      buildBriefing(toArticle('capitol-wire', a.page, 'https://a.example/s')),
      buildBriefing(toArticle('gov-ledger', b.page, 'https://b.example/s')),
      buildBriefing(toArticle('gsa-sandbox', other.page, 'https://c.example/s')),
    ];
    const digest = composeDigest(briefings, { since: '2026-11-01' });
    expect(digest.items.map((i) => i.briefingId)).toEqual(['capitol-wire', 'gsa-sandbox']);
    // The earliest version is the lead item; the later one is credited, not repeated.
    expect(digest.items[0]?.alsoReportedBy).toEqual([
      { source: 'Gov Ledger', url: 'https://b.example/s', briefingId: 'gov-ledger' },
    ]);
    expect(digest.items[1]?.alsoReportedBy).toBeUndefined();
    // Once the story has been delivered, another outlet's copy is not news again.
    expect(
      composeDigest(briefings, { since: '2026-11-01', exclude: new Set(['capitol-wire']) }).items.map(
        (i) => i.briefingId,
      ),
    ).toEqual(['gsa-sandbox']);
    expect(composeDigest(briefings, { since: '2026-11-01', groupDuplicates: false }).items).toHaveLength(3);
  });
});
