import type { Article, Briefing } from '../core/model.js';
import { type AddUrl, createBot, type Bot } from '../core/bot.js';
import type { Clock, CooldownStore, SeenEvents, ThreadMemory } from '../core/ports.js';
import { memoryCooldowns, memorySeenEvents, memoryThreads } from '../core/ports.js';
import type { Time } from '../core/time.js';
import type { BotModel } from '../core/grounded/bot-model.js';
import type { AppConfig } from '../config/load.js';
import type { Logger } from '../log/logger.js';
import { createBriefingRepository, type BriefingRepository } from '../sources/repository.js';
import type { GovaiStore } from '../store/store.js';
import { systemTime } from '../time/system-time.js';
import { createBotModel } from './model.js';

/** How many of the newest briefings the model summarizes at start-up (the rest on first use). */
const WARM_BRIEFINGS = 20;

export interface Stores {
  cooldowns: CooldownStore;
  seenEvents: SeenEvents;
  threads: ThreadMemory;
}

/** Everything an adapter needs, built once by the composition root (src/main.ts) or by a test. */
export interface AppContext {
  config: AppConfig;
  logger: Logger;
  repository: BriefingRepository;
  bot: Bot;
  stores: Stores;
  /** The one time port (src/core/time.ts): every wait and timer below the composition root goes through it. */
  time: Time;
  /** `time.now`, for the parts that only read the clock. */
  clock: Clock;
  /** The SQLite store (delivery log, and the stores above) when the bot runs; absent in most tests and CLI commands. */
  store?: GovaiStore;
  /** The optional model (absent with no GOVAI_LLM_PROVIDER): the scheduler reads its cached TL;DRs. */
  model?: BotModel;
  /** Is this adapter-qualified user (e.g. `slack:U1`, `discord-role:9`) an admin per the config? */
  isAdmin(ids: readonly string[]): boolean;
}

export interface ContextOptions {
  config: AppConfig;
  logger: Logger;
  /** The composition root passes the real time; a test passes a manual one (tests/helpers/manual-time.ts). */
  time?: Time;
  /** Overrides only `time.now` (tests that pin the date and wait on nothing). */
  clock?: Clock;
  stores?: Partial<Stores>;
  /**
   * Backs cooldowns, seen events and thread memory with SQLite, so a restart neither reopens a cooldown nor re-answers
   * an event.
   */
  store?: GovaiStore;
  /**
   * Builds the `addUrl` port (`/govai add <url>`) from the context's parts. The composition root passes the
   * ingest layer's; without it, adding from chat says it is not enabled. (The app layer never imports ingest.)
   */
  addUrl?: (host: { config: AppConfig; logger: Logger; repository: BriefingRepository }) => AddUrl;
  /** Builds long articles off the event loop (the composition root passes the ingest layer's worker). */
  buildHeavy?: (article: Article, file: string) => Promise<Briefing>;
  /** Articles longer than this go to buildHeavy (default: the repository's 100,000). */
  heavyChars?: number;
}

export async function createAppContext(options: ContextOptions): Promise<AppContext> {
  const { config, logger } = options;
  const base = options.time ?? systemTime;
  const time: Time = options.clock ? { ...base, now: options.clock } : base;
  const clock = time.now;
  const repository = createBriefingRepository({
    dir: config.briefingsDir,
    logger,
    ...(options.store ? { lastGood: options.store.lastGoodBriefings } : {}),
    ...(options.buildHeavy ? { buildHeavy: options.buildHeavy } : {}),
    ...(options.heavyChars !== undefined ? { heavyChars: options.heavyChars } : {}),
  });
  await repository.reload();
  const stores: Stores = {
    cooldowns: options.stores?.cooldowns ?? options.store?.cooldowns ?? memoryCooldowns(),
    seenEvents: options.stores?.seenEvents ?? options.store?.seenEvents ?? memorySeenEvents(),
    threads: options.stores?.threads ?? options.store?.threads ?? memoryThreads(),
  };
  const t = config.file.triggers;
  const model = await createBotModel(config, logger, options.store, time);
  // The running bot summarizes the newest briefings in the background, so the first digest already has them.
  if (model?.summaries)
    for (const b of repository.library().briefings.slice(0, WARM_BRIEFINGS)) model.summaries.request(b);
  const bot = createBot({
    ...(model ? { model } : {}),
    library: () => repository.library(),
    cooldowns: stores.cooldowns,
    clock,
    triggers: {
      enabled: t.enabled,
      extraTerms: t.terms,
      cooldownSeconds: t.cooldownSeconds,
      requireQuestion: t.requireQuestion,
      ...(t.channels ? { channels: t.channels } : {}),
    },
    digestDays: config.file.digestDays,
    ...(options.addUrl ? { addUrl: options.addUrl({ config, logger, repository }) } : {}),
  });
  const admins = new Set(config.file.admins);
  return {
    config,
    logger,
    repository,
    bot,
    stores,
    time,
    clock,
    ...(options.store ? { store: options.store } : {}),
    ...(model ? { model } : {}),
    isAdmin: (ids) => ids.some((id) => admins.has(id)),
  };
}
