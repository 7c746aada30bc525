import { systemTime } from '../time/system-time.js';
import { hostname } from 'node:os';
import type { AppConfig } from '../config/load.js';
import type { AddUrl } from '../core/bot.js';
import type { Logger } from '../log/logger.js';
import type { BriefingRepository } from '../sources/repository.js';
import type { GovaiStore } from '../store/store.js';
import { createIngester, type Ingester } from './ingester.js';
import { shareBriefing } from './shared-briefings.js';
import type { FetchPolicy } from './safe-fetch.js';

// One ingester per repository, shared by `/govai add` and the feed poller, so both see each other's URLs at once.

export interface IngestHost {
  config: AppConfig;
  logger: Logger;
  repository: BriefingRepository;
  /** With PostgreSQL, added briefings are recorded here for the other replicas (src/ingest/shared-briefings.ts). */
  store?: GovaiStore;
}

const ingesters = new WeakMap<BriefingRepository, Ingester>();

export function fetchPolicyFrom(config: AppConfig, overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  const f = config.file.fetch;
  const b = config.file.ingest.budget;
  return {
    timeoutMs: f.timeoutMs,
    maxBytes: f.maxBytes,
    allowPrivateNetworks: f.allowPrivateNetworks,
    budget: { timeMs: b.timeoutSeconds * 1000, memoryMb: b.memoryMb },
    ...overrides,
  };
}

export function ingesterFor(host: IngestHost, policy: FetchPolicy = fetchPolicyFrom(host.config)): Ingester {
  let ingester = ingesters.get(host.repository);
  if (!ingester) {
    ingester = createIngester({
      dir: host.config.briefingsDir,
      policy,
      logger: host.logger,
      existing: () => host.repository.library().briefings,
      afterWrite: async (written) => {
        if (host.store?.engine === 'postgres') {
          const origin = host.config.env.replicaId ?? `${hostname()}-${process.pid}`;
          await shareBriefing(host.store.sharedBriefings, written, origin, systemTime.now());
        }
        await host.repository.reload();
      },
    });
    ingesters.set(host.repository, ingester);
  }
  return ingester;
}

/** The `addUrl` port of the core bot (`/govai add <url>`); the bot has already checked the user is an admin. */
export function chatAddUrl(host: IngestHost): AddUrl {
  return async (url) => {
    const result = await ingesterFor(host).addUrl(url);
    if (result.ok) return { ok: true, briefingId: result.briefingId, title: result.title };
    host.logger.warn({ url, reason: result.reason }, `add from chat refused: ${result.message}`);
    return { ok: false, message: result.message };
  };
}
