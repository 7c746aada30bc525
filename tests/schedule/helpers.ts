import { Writable } from 'node:stream';
import type { PublishOptions, PublishResult, Publisher } from '../../src/app/publisher.js';
import { digestSchema, type DigestConfig } from '../../src/config/file-schema.js';
import { buildBriefing } from '../../src/core/briefing.js';
import { createLibrary } from '../../src/core/library.js';
import type { Briefing } from '../../src/core/model.js';
import type { Reply } from '../../src/core/reply.js';
import { createLogger, type Logger } from '../../src/log/logger.js';
import { createDestinationRouter, type Platform } from '../../src/schedule/destinations.js';
import { type DigestRunDeps, runDigestSlot } from '../../src/schedule/digest-run.js';
import { openStore, type GovaiStore } from '../../src/store/store.js';

// Hand-written fakes for the scheduler: a clock that sleeping advances, publishers that record and can be scripted.

const WORDS =
  'agency budget cloud contract data defense energy federal grant health identity justice labor model network oversight policy quantum regulator security treasury union vendor weather zoning audit benchmark census drone election fraud'.split(
    ' ',
  );

/** A briefing with its own vocabulary (so near-duplicate grouping leaves it alone). */
export function makeBriefing(id: string, published: string): Briefing {
  let seed = [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const word = () => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return WORDS[seed % WORDS.length]!;
  };
  const sentence = () =>
    `The ${word()} ${word()} office reviewed ${word()} ${word()} plans for ${id} with ${word()} ${word()} partners.`;
  const body = Array.from({ length: 4 }, () => `${sentence()} ${sentence()}`).join('\n\n');
  return buildBriefing({
    id,
    title: `Story ${id}`,
    source: 'test wire',
    published,
    tags: [],
    keywords: [],
    qa: [],
    body,
  });
}

export class FakeClock {
  readonly sleeps: number[] = [];
  constructor(public now: number) {}
  clock = () => this.now;
  /** Sleeping moves the clock: retries "wait" without real time passing. */
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.now += ms;
  };
  set(iso: string) {
    this.now = Date.parse(iso);
  }
}

export interface Post {
  channelId: string;
  reply: Reply;
  key?: string;
  at: number;
}

/** A Publisher that records every attempt; `script(channel, ...results)` queues answers for that channel. */
export class FakePublisher implements Publisher {
  readonly attempts: Post[] = [];
  readonly posts: Post[] = [];
  private readonly scripts = new Map<string, PublishResult[]>();
  private seq = 0;
  constructor(
    readonly platform: Platform,
    private readonly clock: () => number,
  ) {}
  script(channelId: string, ...results: PublishResult[]) {
    this.scripts.set(channelId, [...(this.scripts.get(channelId) ?? []), ...results]);
  }
  async publish(channelId: string, reply: Reply, options?: PublishOptions): Promise<PublishResult> {
    const post: Post = {
      channelId,
      reply,
      ...(options?.idempotencyKey ? { key: options.idempotencyKey } : {}),
      at: this.clock(),
    };
    this.attempts.push(post);
    await Promise.resolve();
    const scripted = this.scripts.get(channelId)?.shift();
    if (scripted && !scripted.ok) return scripted;
    this.posts.push(post);
    return { ok: true, messageIds: [`m${++this.seq}`] };
  }
  postsTo(channelId: string): Post[] {
    return this.posts.filter((p) => p.channelId === channelId);
  }
}

/** Briefing ids a digest reply carries (items, follow-up overflow, and grouped duplicates). */
export function idsOf(reply: Reply): string[] {
  if (reply.kind !== 'digest') return [];
  return [...reply.digest.items, ...reply.digest.overflow].flatMap((i) => [
    i.briefingId,
    ...(i.alsoReportedBy ?? []).map((a) => a.briefingId),
  ]);
}

export function digestConfig(input: Partial<DigestConfig> & { id: string; cron: string; to: string[] }): DigestConfig {
  return digestSchema.parse(input);
}

export function captureLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger('info', stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export interface Harness {
  store: GovaiStore;
  clock: FakeClock;
  briefings: Briefing[];
  publishers: Record<'slack' | 'discord' | 'teams' | 'console', FakePublisher>;
  deps: DigestRunDeps;
  logs: () => Array<Record<string, unknown>>;
}

/**
 * Digest `d` (daily at 09:00) to `to` over two briefings of 2026-11-19 and an in-memory store, for a test of real
 * publishers (against their fake platform); `run()` is the slot of 2026-11-20 09:00, and may be run again.
 */
export function slotThroughPublishers(
  to: string[],
  publishers: Partial<Record<Platform, Publisher>>,
  options: { logger: Logger; sleep: (ms: number) => Promise<void>; attempts: number },
) {
  const store = openStore(':memory:');
  const library = createLibrary([makeBriefing('a', '2026-11-19T01:00:00Z'), makeBriefing('b', '2026-11-19T02:00:00Z')]);
  const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to });
  const deps: DigestRunDeps = {
    deliveries: store.deliveries,
    library: () => library,
    router: createDestinationRouter(publishers, options.logger),
    clock: () => Date.parse('2026-11-20T09:00:00Z'),
    sleep: options.sleep,
    logger: options.logger,
    retry: { attempts: options.attempts, baseDelayMs: 50, maxDelayMs: 10_000 },
    digestDays: 7,
    concurrency: 8,
  };
  const run = async () => {
    const outcomes = await runDigestSlot(deps, digest, new Date('2026-11-20T09:00:00Z'), 'schedule');
    return { outcomes, by: Object.fromEntries(outcomes.map((o) => [o.destination, o])) };
  };
  return { store, run };
}

export function harness(startIso: string, options: { platforms?: Platform[]; store?: GovaiStore } = {}): Harness {
  const clock = new FakeClock(Date.parse(startIso));
  const store = options.store ?? openStore(':memory:', { clock: clock.clock });
  const briefings: Briefing[] = [];
  const publishers = {
    slack: new FakePublisher('slack', clock.clock),
    discord: new FakePublisher('discord', clock.clock),
    teams: new FakePublisher('teams', clock.clock),
    console: new FakePublisher('console', clock.clock),
  };
  const { logger, lines } = captureLogger();
  const enabled = options.platforms ?? ['slack', 'discord', 'console'];
  const router = createDestinationRouter(Object.fromEntries(enabled.map((p) => [p, publishers[p]])), logger);
  let cache: { n: number; lib: ReturnType<typeof createLibrary> } | undefined;
  const deps: DigestRunDeps = {
    deliveries: store.deliveries,
    library: () => {
      if (cache?.n !== briefings.length) cache = { n: briefings.length, lib: createLibrary(briefings) };
      return cache.lib;
    },
    router,
    clock: clock.clock,
    sleep: clock.sleep,
    logger,
    retry: { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 120_000 },
    digestDays: 7,
    concurrency: 8,
  };
  return { store, clock, briefings, publishers, deps, logs: lines };
}
