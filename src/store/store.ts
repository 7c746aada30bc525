import type Database from 'better-sqlite3';
import type { CooldownStore, SeenEvents, ThreadMemory } from '../core/ports.js';
import { pruneSeenEvents, sqliteCooldowns, sqliteSeenEvents, sqliteThreads } from './chat-state.js';
import { openDatabase, type OpenOptions } from './database.js';
import { sqliteDeliveryLog, type DeliveryLog } from './delivery-log.js';
import { sqliteTeamsConversations, type TeamsConversationStore } from './teams-conversations.js';

/** Everything govai persists, behind small interfaces; SQLite (better-sqlite3) is the one implementation. */
export interface GovaiStore {
  readonly file: string;
  readonly deliveries: DeliveryLog;
  readonly cooldowns: CooldownStore;
  readonly seenEvents: SeenEvents;
  readonly threads: ThreadMemory;
  /** Teams conversation references (proactive digests to `teams:` destinations). */
  readonly teamsConversations: TeamsConversationStore;
  /** For benchmarks and tests that need raw access; application code uses the interfaces above. */
  readonly db: Database.Database;
  close(): void;
}

export function openStore(file: string, options: OpenOptions & { clock?: () => number } = {}): GovaiStore {
  const db = openDatabase(file, options);
  const clock = options.clock ?? Date.now;
  if (!options.readonly) pruneSeenEvents(db, clock());
  return {
    file,
    db,
    deliveries: sqliteDeliveryLog(db),
    cooldowns: sqliteCooldowns(db, clock),
    seenEvents: sqliteSeenEvents(db),
    threads: sqliteThreads(db, clock),
    teamsConversations: sqliteTeamsConversations(db),
    close: () => {
      if (db.open) db.close();
    },
  };
}

export { StoreError } from './database.js';
export type { DeliveryLog, DeliveryRecord, DeliveryStatus, DeliveryTrigger } from './delivery-log.js';
