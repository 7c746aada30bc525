import { consolePublisher } from '../../adapters/console/console-adapter.js';
import type { Publisher } from '../../app/publisher.js';
import type { createLogger } from '../../log/logger.js';
import { createDestinationRouter, parseDestination, type Platform } from '../../schedule/destinations.js';
import { DELIVERY_LEASE_MS, DIGEST_CONCURRENCY } from '../../schedule/start.js';
import { openStore, StoreError, type GovaiStore } from '../../store/store.js';
import { standalonePublisher, type StandalonePublisher } from '../platform-publishers.js';
import { CliError, type CliIO } from '../io.js';
import type { loadCliContext } from '../shared.js';

// What `govai digest --now` and `--uncertain resend` share: the store opened with a one-line error, and publishers
// for the destinations as the running bot has them.

export type Ctx = Awaited<ReturnType<typeof loadCliContext>>;

/** Publishers for these destinations, as the running bot has them; a platform not configured here fails permanently. */
export async function openPublishers(
  ctx: Ctx,
  destinations: readonly string[],
  logger: ReturnType<typeof createLogger>,
  store: GovaiStore,
  io: CliIO,
): Promise<{
  publishers: Partial<Record<Platform, Publisher>>;
  opened: StandalonePublisher[];
  unreachable: Map<string, string>;
}> {
  const opened: StandalonePublisher[] = [];
  const publishers: Partial<Record<Platform, Publisher>> = { console: consolePublisher(io.stdout) };
  // A destination this command cannot reach (its platform not configured here) is a failure, exit 1, even when
  // there is nothing new for it: "nothing new" would hide that nothing could have been sent. Its publisher fails
  // permanently with the reason, so a digest with news records the failure (govai doctor shows it).
  const unreachable = new Map<string, string>();
  for (const platform of new Set(destinations.map((d) => parseDestination(d)!.platform))) {
    if (platform === 'console') continue;
    const made = await standalonePublisher(platform, ctx.config, logger, store, io.time);
    if ('unavailable' in made) {
      const message = made.unavailable;
      for (const d of destinations) if (parseDestination(d)!.platform === platform) unreachable.set(d, message);
      publishers[platform] = { platform, publish: async () => ({ ok: false, permanent: true, message }) };
    } else {
      opened.push(made);
      publishers[platform] = made.publisher;
    }
  }
  return { publishers, opened, unreachable };
}

export function openOrFail(file: string, readonly: boolean): GovaiStore {
  try {
    return openStore(file, { readonly });
  } catch (error) {
    if (error instanceof StoreError) throw new CliError(`govai digest: ${error.message}`, 1);
    throw error;
  }
}

/**
 * What `digest --now` and `digest --uncertain retry` send with: the bot's concurrency and lease length, under a name of
 * their own (a row the running bot is sending is left to the bot), and fewer, shorter retries than the bot's, since
 * someone is waiting at the terminal.
 */
export function cliSendSettings(
  ctx: Ctx,
  store: GovaiStore,
  publishers: Partial<Record<Platform, Publisher>>,
  logger: ReturnType<typeof createLogger>,
) {
  return {
    deliveries: store.deliveries,
    library: () => ctx.repository.library(),
    router: createDestinationRouter(publishers, logger),
    clock: ctx.clock,
    sleep: (ms: number) => ctx.time.sleep(ms),
    logger,
    retry: { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 60_000 },
    digestDays: ctx.config.file.digestDays,
    concurrency: DIGEST_CONCURRENCY,
    lease: { holder: `cli-${process.pid}`, ms: DELIVERY_LEASE_MS },
  };
}
