import type { SqlDriver } from '../sql.js';

// The PostgreSQL schema, step for step the same tables as src/store/migrations.ts (SQLite): the same names and
// columns, so every store is written once. Differences are types only: BIGINT for millisecond times, BIGSERIAL ids.
// Append new steps, never edit old ones; a step here must match the SQLite step of the same number.
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE deliveries (
    id BIGSERIAL PRIMARY KEY,
    digest TEXT NOT NULL,
    slot TEXT NOT NULL,
    destination TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    briefing_ids TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    permanent INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    message_ids TEXT,
    trigger TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    sent_at BIGINT,
    UNIQUE (digest, slot, destination)
  );
  CREATE INDEX deliveries_open ON deliveries (status) WHERE status IN ('pending', 'failed');
  CREATE INDEX deliveries_by_destination ON deliveries (digest, destination, created_at);
  CREATE TABLE delivered_briefings (
    digest TEXT NOT NULL,
    destination TEXT NOT NULL,
    briefing_id TEXT NOT NULL,
    delivery_id BIGINT NOT NULL REFERENCES deliveries (id),
    delivered_at BIGINT NOT NULL,
    PRIMARY KEY (digest, destination, briefing_id)
  );
  CREATE TABLE digest_baselines (
    digest TEXT NOT NULL,
    destination TEXT NOT NULL,
    since_ms BIGINT NOT NULL,
    PRIMARY KEY (digest, destination)
  );
  CREATE TABLE cooldowns (key TEXT PRIMARY KEY, until_ms BIGINT NOT NULL);
  CREATE TABLE seen_events (id TEXT PRIMARY KEY, seen_at BIGINT NOT NULL);
  CREATE INDEX seen_events_by_time ON seen_events (seen_at);
  CREATE TABLE thread_memory (thread_key TEXT PRIMARY KEY, briefing_id TEXT NOT NULL, updated_at BIGINT NOT NULL);
  CREATE INDEX thread_memory_by_time ON thread_memory (updated_at);
  `,
  `
  CREATE TABLE teams_conversations (
    conversation_id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT,
    updated_at BIGINT NOT NULL,
    removed_at BIGINT
  );
  `,
  `
  ALTER TABLE deliveries ADD COLUMN lease_holder TEXT;
  ALTER TABLE deliveries ADD COLUMN lease_until BIGINT;
  `,
  `
  CREATE TABLE model_summaries (
    content_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ready', 'rejected')),
    summary TEXT,
    detail TEXT,
    briefing_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (content_hash, model, prompt_version)
  );
  CREATE TABLE model_usage (
    day TEXT NOT NULL,
    model TEXT NOT NULL,
    input_tokens BIGINT NOT NULL DEFAULT 0,
    output_tokens BIGINT NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0,
    failed_calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, model)
  );
  `,
  // Exactly once (issue 11): see src/store/migrations.ts.
  `
  ALTER TABLE deliveries ADD COLUMN part_ids TEXT;
  ALTER TABLE deliveries ADD COLUMN in_flight_since BIGINT;
  CREATE TABLE store_incidents (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    destination TEXT,
    error TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE feed_state (feed_url TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at BIGINT NOT NULL);
  CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms BIGINT NOT NULL);
  `,
  `
  CREATE TABLE shared_briefings (id TEXT PRIMARY KEY, content TEXT NOT NULL, origin TEXT NOT NULL, updated_at BIGINT NOT NULL);
  CREATE INDEX shared_briefings_by_time ON shared_briefings (updated_at);
  `,
  `
  CREATE TABLE last_good_briefings (file TEXT PRIMARY KEY, article TEXT NOT NULL, updated_at BIGINT NOT NULL);
  `,
  `
  CREATE TABLE model_breaker (model TEXT PRIMARY KEY, state TEXT NOT NULL, consecutive_failures INTEGER NOT NULL,
    opened_at BIGINT, open_until BIGINT, last_error TEXT, updated_at BIGINT NOT NULL);
  `,
  `
  CREATE TABLE teams_consent (scope TEXT PRIMARY KEY, label TEXT,
    state TEXT NOT NULL CHECK (state IN ('granted', 'not-granted', 'unknown')), reason TEXT NOT NULL,
    checked_at BIGINT NOT NULL);
  `,
];

/** A second key so schema changes never wait on (or block) the write lock of running replicas. */
const MIGRATION_LOCK_KEY = 0x67_6f_76_6d; // "govm"

/**
 * Applies the missing steps in one transaction under an advisory lock, so replicas starting together migrate once:
 * the second waits, then finds the schema current. Returns the version found before.
 */
export function migratePg(sql: SqlDriver, expectedVersion: number): number {
  if (PG_MIGRATIONS.length !== expectedVersion) {
    throw new Error(`internal: ${PG_MIGRATIONS.length} PostgreSQL migrations for schema version ${expectedVersion}`);
  }
  sql.run('BEGIN');
  try {
    sql.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    sql.run('CREATE TABLE IF NOT EXISTS govai_schema (version INTEGER NOT NULL)');
    let found = sql.get<{ version: number }>('SELECT version FROM govai_schema')?.version;
    if (found === undefined) {
      sql.run('INSERT INTO govai_schema (version) VALUES (0)');
      found = 0;
    }
    if (found > expectedVersion) {
      throw new Error(
        `its schema version ${found} is newer than this govai understands (${expectedVersion}); upgrade govai`,
      );
    }
    for (let v = found; v < expectedVersion; v++) {
      for (const statement of splitStatements(PG_MIGRATIONS[v]!)) sql.run(statement);
    }
    sql.run('UPDATE govai_schema SET version = ?', [expectedVersion]);
    sql.run('COMMIT');
    return found;
  } catch (error) {
    sql.run('ROLLBACK');
    throw error;
  }
}

/** A migration step as single statements (the extended protocol runs one at a time); no `;` inside our literals. */
function splitStatements(step: string): string[] {
  return step
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
