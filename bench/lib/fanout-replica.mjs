// One bot replica as its own process, for the fan-out bench: opens the store (a SQLite file or a PostgreSQL URL),
// says `ready`, and on `go` runs one digest slot to the destinations with the scheduler's settings (its concurrency
// and lease), through an in-process fake publisher that records what it received. Reports `done` with the
// destinations it posted to and its own elapsed time. Module loading and store opening happen before `go`, so the
// parent times the fan-out, not Node's start-up.

import { briefings, DESTINATIONS, modules, runBenchSlot } from '../suites/digest-fanout.mjs';

const [location, holder, postMs = '0'] = process.argv.slice(2);
const delay = Number(postMs);
const m = await modules();
const logger = m.logger.silentLogger();
const lib = m.library.createLibrary(briefings(m, 5));
const to = Array.from({ length: DESTINATIONS }, (_, i) => `discord:${1_000_000_000 + i}`);
const digest = m.schema.digestSchema.parse({ id: 'bench', cron: '0 9 * * *', to, maxItems: 5 });
const received = [];
const publisher = {
  platform: 'discord',
  publish: async (destination) => {
    // A platform's answer time, when asked for (0: answers at once, so only govai and its store are measured).
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    received.push(destination);
    return { ok: true, messageIds: [`m-${holder}-${received.length}`] };
  },
};
const store = m.store.openStore(location);
// As the bot's scheduler does when it starts (src/schedule/start.ts): on PostgreSQL, node-postgres is loaded and the
// send connections are opened, with the group statement parsed on each, before the first digest (they stay open).
await store.deliveries.writes?.prepare?.();
process.on('message', async (msg) => {
  if (msg !== 'go') return;
  const t0 = performance.now();
  await runBenchSlot(m, { store, lib, publisher, logger, digest, holder });
  const elapsed = performance.now() - t0;
  store.close();
  process.send({ done: true, elapsed, received }, () => process.exit(0));
});
process.send({ ready: true });
