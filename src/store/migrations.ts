import type Database from 'better-sqlite3';

// Versioned schema: PRAGMA user_version is the number of migrations applied. Append new steps, never edit old ones
// (a database in the field has already run them).
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
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
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sent_at INTEGER,
    UNIQUE (digest, slot, destination)
  );
  CREATE INDEX deliveries_open ON deliveries (status) WHERE status IN ('pending', 'failed');
  CREATE INDEX deliveries_by_destination ON deliveries (digest, destination, created_at);
  CREATE TABLE delivered_briefings (
    digest TEXT NOT NULL,
    destination TEXT NOT NULL,
    briefing_id TEXT NOT NULL,
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
    delivered_at INTEGER NOT NULL,
    PRIMARY KEY (digest, destination, briefing_id)
  ) WITHOUT ROWID;
  CREATE TABLE digest_baselines (
    digest TEXT NOT NULL,
    destination TEXT NOT NULL,
    since_ms INTEGER NOT NULL,
    PRIMARY KEY (digest, destination)
  ) WITHOUT ROWID;
  CREATE TABLE cooldowns (key TEXT PRIMARY KEY, until_ms INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE seen_events (id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX seen_events_by_time ON seen_events (seen_at);
  CREATE TABLE thread_memory (thread_key TEXT PRIMARY KEY, briefing_id TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX thread_memory_by_time ON thread_memory (updated_at);
  `,
  // Microsoft Teams: the conversation reference (service URL, conversation, bot) of every team channel, group chat
  // and 1:1 chat the bot was added to or spoken to in; proactive digests to `teams:<conversation id>` need it.
  `
  CREATE TABLE teams_conversations (
    conversation_id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT,
    updated_at INTEGER NOT NULL,
    removed_at INTEGER
  ) WITHOUT ROWID;
  `,
  // Attempt leases: the replica (or process) sending a row holds it until lease_until, so another replica that finds
  // the same pending row leaves it alone; a holder that dies lets the lease expire and the row is taken over.
  `
  ALTER TABLE deliveries ADD COLUMN lease_holder TEXT;
  ALTER TABLE deliveries ADD COLUMN lease_until INTEGER;
  `,
  // The optional model (issue 14): abstractive TL;DRs and key points, made once per (briefing content, model,
  // prompt version), and the tokens used per UTC day (the daily budget survives a restart).
  `
  CREATE TABLE model_summaries (
    content_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ready', 'rejected')),
    summary TEXT,
    detail TEXT,
    briefing_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (content_hash, model, prompt_version)
  ) WITHOUT ROWID;
  CREATE TABLE model_usage (
    day TEXT NOT NULL,
    model TEXT NOT NULL,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0,
    failed_calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, model)
  ) WITHOUT ROWID;
  `,
  // Exactly once (issue 11): each confirmed part's platform message id, when the current send attempt began (set
  // before a post, cleared once its outcome is known: a row left with it set was interrupted or timed out, and is
  // looked up on the platform before anything is posted again), and store incidents (recording "sent" failed).
  `
  ALTER TABLE deliveries ADD COLUMN part_ids TEXT;
  ALTER TABLE deliveries ADD COLUMN in_flight_since INTEGER;
  CREATE TABLE store_incidents (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    destination TEXT,
    error TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  `,
  // Feed state in the store (it was a JSON file next to GOVAI_DB, imported on first start), and named leases for work
  // one replica does at a time (feed polling, the Discord gateway).
  `
  CREATE TABLE feed_state (feed_url TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms INTEGER NOT NULL) WITHOUT ROWID;
  `,
  // Briefings added on one replica (govai add, /govai add, feeds), which every replica writes into its briefings/.
  `
  CREATE TABLE shared_briefings (
    id TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    origin TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX shared_briefings_by_time ON shared_briefings (updated_at);
  `,
  // The last good parsed content of each briefing file, so a file broken while the bot was down still serves it.
  `
  CREATE TABLE last_good_briefings (
    file TEXT PRIMARY KEY,
    article TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // The model's circuit breaker as the running bot last saw it, so `govai doctor` (another process) can say it.
  `
  CREATE TABLE model_breaker (
    model TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    opened_at INTEGER,
    open_until INTEGER,
    last_error TEXT,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // Teams' resource-specific consent per team or group chat as the running bot found it, so `govai doctor` can say
  // where govai answers @mentions only.
  `
  CREATE TABLE teams_consent (
    scope TEXT PRIMARY KEY,
    label TEXT,
    state TEXT NOT NULL CHECK (state IN ('granted', 'not-granted', 'unknown')),
    reason TEXT NOT NULL,
    checked_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Applies the missing migrations, each in its own transaction. Returns the version found before. */
export function migrate(db: Database.Database): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > SCHEMA_VERSION) {
    throw new Error(
      `its schema version ${found} is newer than this govai understands (${SCHEMA_VERSION}); upgrade govai`,
    );
  }
  for (let v = found; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return found;
}
