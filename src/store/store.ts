import { systemTime } from '../time/system-time.js';
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { CooldownStore, SeenEvents, ThreadMemory } from '../core/ports.js';
import { pruneSeenEvents, sqlCooldowns, sqlSeenEvents, sqlThreads } from './chat-state.js';
import { openDatabase, type OpenOptions, StoreError } from './database.js';
import { type DeliveryLog, sqlDeliveryLog, toRecord } from './delivery-log.js';
import { SCHEMA_VERSION } from './migrations.js';
import { pgDeliveryWrites } from './pg/delivery-writes.js';
import { openPgDriver, redactUrl } from './pg/driver.js';
import { migratePg } from './pg/migrations.js';
import type { SqlDriver } from './sql.js';
import { sqliteDriver } from './sqlite-driver.js';
import {
  type ModelBreakerStore,
  type ModelUsageStore,
  type SummaryStore,
  sqlModelBreaker,
  sqlModelUsage,
  sqlSummaryStore,
} from './summary-cache.js';
import {
  type JsonRecords,
  type LeaseStore,
  type SharedBriefings,
  sqlFeedStates,
  sqlLastGoodBriefings,
  sqlLeases,
  sqlSharedBriefings,
} from './records.js';
import { sqlTeamsConversations, type TeamsConversationStore } from './teams-conversations.js';
import { sqlTeamsConsent, type TeamsConsentStore } from './teams-consent.js';

/**
 * Everything govai persists, behind small interfaces, written once over the SQL port: SQLite (better-sqlite3, a file,
 * the default) or PostgreSQL (`GOVAI_DATABASE_URL`, node-postgres; what several replicas share).
 */
export interface GovaiStore {
  /** Where the data lives: the SQLite file, or the PostgreSQL URL without its password. */
  readonly file: string;
  readonly engine: 'sqlite' | 'postgres';
  readonly deliveries: DeliveryLog;
  readonly cooldowns: CooldownStore;
  readonly seenEvents: SeenEvents;
  readonly threads: ThreadMemory;
  /** Teams conversation references (proactive digests to `teams:` destinations). */
  readonly teamsConversations: TeamsConversationStore;
  /** Teams' resource-specific consent per team or group chat, as the bot found it (for doctor). */
  readonly teamsConsent: TeamsConsentStore;
  /** The feed poller's memory per feed URL (the shape is the ingest layer's FeedState). */
  readonly feedStates: JsonRecords<unknown>;
  /** Last good parsed content of each briefing file, by path (served while the file is broken, across restarts). */
  readonly lastGoodBriefings: JsonRecords<unknown>;
  /** Work one replica does at a time (feed polling, the Discord gateway). */
  readonly leases: LeaseStore;
  /** Briefings added on one replica, for all (used with PostgreSQL; see src/ingest/shared-briefings.ts). */
  readonly sharedBriefings: SharedBriefings;
  /** The SQL port every store above is written on (tests, benchmarks). */
  readonly sql: SqlDriver;
  /** SQLite only: raw access for benchmarks and tests; application code uses the interfaces above. */
  readonly db?: Database.Database;
  /** Model-written TL;DRs and key points (only used when a model is configured). */
  readonly summaries: SummaryStore;
  /** Model tokens per day (the daily budget). */
  readonly modelUsage: ModelUsageStore;
  /** The model's circuit breaker as the running bot last saw it (doctor reads it). */
  readonly modelBreaker: ModelBreakerStore;
  close(): void;
}

/** Where the store is: GOVAI_DATABASE_URL when set, else the SQLite file GOVAI_DB. */
export const storeLocation = (config: { dbPath: string; databaseUrl?: string }): string =>
  config.databaseUrl ?? config.dbPath;

/** Whether there is a store to read yet (a PostgreSQL server always counts; the SQLite file once created). */
export const storeExists = (config: { dbPath: string; databaseUrl?: string }): boolean =>
  config.databaseUrl !== undefined || existsSync(config.dbPath);

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/** Opens the store at a SQLite file path (or `:memory:`) or a `postgres://` URL, migrating it first. */
export function openStore(location: string, options: OpenOptions & { clock?: () => number } = {}): GovaiStore {
  const clock = options.clock ?? systemTime.now;
  let sql: SqlDriver;
  let db: Database.Database | undefined;
  let writes: ReturnType<typeof pgDeliveryWrites> | undefined;
  if (isPostgresUrl(location)) {
    try {
      sql = openPgDriver(location);
    } catch (error) {
      throw new StoreError(redactUrl(location), `cannot connect (${(error as Error).message})`, 'GOVAI_DATABASE_URL');
    }
    try {
      if (!options.readonly) migratePg(sql, SCHEMA_VERSION);
    } catch (error) {
      sql.close();
      throw new StoreError(redactUrl(location), (error as Error).message, 'GOVAI_DATABASE_URL');
    }
    // Sends write through a pool of their own so concurrent sends overlap (read-only listings never send).
    if (!options.readonly) writes = pgDeliveryWrites(location, toRecord);
  } else {
    db = openDatabase(location, options);
    sql = sqliteDriver(db, location);
  }
  if (!options.readonly) pruneSeenEvents(sql, clock());
  return {
    file: sql.location,
    engine: sql.dialect,
    sql,
    ...(db ? { db } : {}),
    deliveries: sqlDeliveryLog(sql, writes),
    cooldowns: sqlCooldowns(sql, clock),
    seenEvents: sqlSeenEvents(sql),
    threads: sqlThreads(sql, clock),
    teamsConversations: sqlTeamsConversations(sql),
    teamsConsent: sqlTeamsConsent(sql),
    summaries: sqlSummaryStore(sql),
    modelUsage: sqlModelUsage(sql),
    modelBreaker: sqlModelBreaker(sql),
    feedStates: sqlFeedStates(sql, clock),
    lastGoodBriefings: sqlLastGoodBriefings(sql, clock),
    leases: sqlLeases(sql),
    sharedBriefings: sqlSharedBriefings(sql),
    close: () => {
      writes?.close();
      sql.close();
    },
  };
}

export { StoreError } from './database.js';
export type { JsonRecords, LeaseStore, SharedBriefing, SharedBriefings } from './records.js';
export type { DeliveryLog, DeliveryRecord, DeliveryStatus, DeliveryTrigger } from './delivery-log.js';
