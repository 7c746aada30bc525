import { describe, expect, it } from 'vitest';
import { runDigestSlot } from '../../src/schedule/digest-run.js';
import { openStore } from '../../src/store/store.js';
import { digestConfig, harness, makeBriefing } from './helpers.js';

// Replicas running one slot: the replica that claimed it sends from the first destination on; one that found it
// claimed by another begins at a point of its own, so the two mostly take different rows instead of the same ones.

describe('the order a replica sends a slot in', () => {
  it(
    'the claiming replica starts at the first destination, a replica that found the slot claimed elsewhere ' +
      'does not',
    async () => {
      const store = openStore(':memory:');
      const h = harness('2026-11-20T09:00:00Z', { store });
      h.briefings.push(makeBriefing('b1', '2026-11-20T08:00:00Z'));
      const to = Array.from({ length: 40 }, (_, i) => `discord:${1_000_000 + i}`);
      const digest = digestConfig({ id: 'morning', cron: '0 9 * * *', to });
      const slot = new Date('2026-11-20T09:00:00Z');
      // Another replica claimed the slot (and sent nothing yet): planned in the store, as its plan would leave it.
      store.deliveries.claimMany(
        to.map((destination) => ({
          digest: 'morning',
          slot: slot.toISOString(),
          destination,
          briefingIds: ['b1'],
          trigger: 'schedule' as const,
        })),
        h.clock.clock(),
      );
      const outcomes = await runDigestSlot(
        { ...h.deps, concurrency: 1, lease: { holder: 'replica-b', ms: 60_000 } },
        digest,
        slot,
        'schedule',
      );
      // Every destination sent once, outcomes in the destinations' order, but not sent from the first one on.
      expect(outcomes.map((o) => [o.destination, o.status])).toEqual(to.map((d) => [d, 'sent']));
      const order = h.publishers.discord.posts.map((p) => p.channelId);
      expect(new Set(order).size).toBe(40);
      expect(order[0]).not.toBe('1000000');
      // Wrapping round: the destinations follow each other from where it began.
      const first = Number(order[0]) - 1_000_000;
      expect(order).toEqual(to.map((_, i) => String(1_000_000 + ((first + i) % 40))));

      // The replica that claims a slot itself begins at the first destination.
      const next = new Date('2026-11-21T09:00:00Z');
      h.briefings.push(makeBriefing('b2', '2026-11-21T08:00:00Z'));
      h.publishers.discord.posts.length = 0;
      await runDigestSlot(
        { ...h.deps, concurrency: 1, lease: { holder: 'replica-b', ms: 60_000 } },
        digest,
        next,
        'schedule',
      );
      expect(h.publishers.discord.posts.map((p) => p.channelId)).toEqual(to.map((d) => d.slice('discord:'.length)));
      store.close();
    },
  );
});
