import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/core/digest.js';
import type { Briefing } from '../../src/core/model.js';
import { seedBriefing } from '../helpers/seed-library.js';

const at = (id: string, published: string, tldr = 'Short summary.', source = `Outlet ${id}`): Briefing => ({
  ...seedBriefing(),
  id,
  title: `Story ${id}`,
  published,
  tldr,
  source,
  // Distinct text per story so near-duplicate grouping does not merge them.
  paragraphs: [`Story ${id} is about ${id.repeat(3)} and nothing else at all, ${published}.`],
});

describe('composeDigest', () => {
  const briefings = [at('a', '2026-11-20'), at('b', '2026-11-22'), at('c', '2026-11-24'), at('d', '2026-11-26')];

  it('lists briefings since a date, newest first, with title, TL;DR and link', () => {
    const d = composeDigest(briefings, { since: '2026-11-22' });
    expect(d.items.map((i) => i.briefingId)).toEqual(['d', 'c', 'b']);
    expect(d.items[0]).toMatchObject({
      title: 'Story d',
      tldr: 'Short summary.',
      source: 'Outlet d',
      published: '2026-11-26',
    });
    expect(d.overflow).toEqual([]);
  });

  it('nothing new is an empty result, not an error', () => {
    expect(composeDigest(briefings, { since: '2027-01-01' })).toEqual({ since: '2027-01-01', items: [], overflow: [] });
  });

  it('keeps maxItems in the first message and moves the rest to overflow, in order', () => {
    const d = composeDigest(briefings, { maxItems: 2 });
    expect(d.items.map((i) => i.briefingId)).toEqual(['d', 'c']);
    expect(d.overflow.map((i) => i.briefingId)).toEqual(['b', 'a']);
  });

  it('respects the character budget, never drops an item, and keeps both parts newest first', () => {
    const long = 'x'.repeat(400);
    const mixed = [at('a', '2026-11-20'), at('b', '2026-11-22', long), at('c', '2026-11-24'), at('d', '2026-11-26')];
    const d = composeDigest(mixed, { maxChars: 300 });
    expect(d.items.map((i) => i.briefingId)).toEqual(['d', 'c']);
    expect(d.overflow.map((i) => i.briefingId)).toEqual(['b', 'a']);
    // One TL;DR longer than the whole budget still gets a digest.
    expect(composeDigest([at('z', '2026-11-20', long)], { maxChars: 100 }).items).toHaveLength(1);
  });

  it('leaves out excluded briefings (already delivered to this destination)', () => {
    const d = composeDigest(briefings, { exclude: new Set(['d', 'b']) });
    expect(d.items.map((i) => i.briefingId)).toEqual(['c', 'a']);
  });
});
