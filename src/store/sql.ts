// One small SQL port for every store, so the delivery log, cooldowns, seen events, thread memory and Teams
// conversations are written once and run on SQLite (better-sqlite3, the embedded default) or PostgreSQL (node-postgres,
// for replicas). Statements use `?` placeholders and the SQL both engines accept; where they differ the store asks
// `dialect`. Synchronous on purpose: the core's ports are synchronous (better-sqlite3 is), and the PostgreSQL driver
// keeps that shape by running its client in a worker thread (src/store/pg/).

export type SqlValue = string | number | null;
/** A list as one parameter (`= ANY(?::text[])`, `unnest(?::bigint[])`): PostgreSQL only, SQLite has no arrays. */
export type SqlArray = readonly SqlValue[];
export type SqlParams = readonly (SqlValue | SqlArray)[];

export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where the data lives, for messages: the file path, or the database URL without its password. */
  readonly location: string;
  /** Runs a write; returns the number of rows it changed. */
  run(sql: string, params?: SqlParams): number;
  get<T>(sql: string, params?: SqlParams): T | undefined;
  all<T>(sql: string, params?: SqlParams): T[];
  /**
   * Runs `fn` in one transaction; nested calls become savepoints. By default it takes the planning write lock first
   * (SQLite: BEGIN IMMEDIATE; PostgreSQL: one advisory lock), so two processes never plan from the same state;
   * `writeLock: false` skips that on PostgreSQL for a transaction that plans nothing (one row's own update).
   */
  transaction<T>(fn: () => T, options?: { writeLock?: boolean }): T;
  close(): void;
}
