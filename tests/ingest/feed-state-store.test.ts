import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedPoller } from '../../src/ingest/feed-poller.js';
import { storeFeedState } from '../../src/ingest/feed-state.js';
import { openStore } from '../../src/store/store.js';

describe('feed state in the store', () => {
  it('imports the JSON file an earlier govai kept, once, and keeps the file (renamed .imported)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'govai-feedstate-'));
    const legacy = path.join(dir, 'feeds-state.json');
    const state = { initialized: true, seen: ['item-1'], failures: 0, itemsIngested: 1 };
    writeFileSync(legacy, JSON.stringify({ version: 1, feeds: { 'https://example.gov/a.xml': state } }));
    const store = openStore(path.join(dir, 'govai.db'));
    try {
      const imported: number[] = [];
      const feeds = storeFeedState(store.feedStates, legacy, (_file, n) => imported.push(n));
      expect(feeds.get('https://example.gov/a.xml')).toEqual(state);
      expect(imported).toEqual([1]);
      expect(existsSync(legacy)).toBe(false);
      expect(existsSync(`${legacy}.imported`)).toBe(true);
      // A second start finds nothing to import and the state as the poller last left it.
      feeds.set('https://example.gov/a.xml', { ...state, seen: ['item-1', 'item-2'] });
      const again = storeFeedState(store.feedStates, legacy);
      expect(again.get('https://example.gov/a.xml')?.seen).toEqual(['item-1', 'item-2']);
    } finally {
      store.close();
    }
  });

  it('a poller without the lease polls nothing', async () => {
    const store = openStore(':memory:');
    try {
      let polled = 0;
      const poller = createFeedPoller({
        feeds: [
          { url: 'https://example.gov/feed.xml', every: 900, tags: [], backfill: 5, maxItemsPerPoll: 20 },
        ] as never,
        ingester: {
          ingest: async () => {
            polled += 1;
            return { status: 'ingested' };
          },
        } as never,
        store: storeFeedState(store.feedStates),
        policy: {} as never,
        mayPoll: () => false,
      });
      expect(await poller.pollDue()).toEqual([]);
      expect(polled).toBe(0);
      expect(store.feedStates.all()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
