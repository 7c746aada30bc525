import type Database from 'better-sqlite3';
import type { SqlDriver, SqlParams } from './sql.js';

/** The SQL port on an open better-sqlite3 database. Statements are prepared once per SQL text and reused. */
export function sqliteDriver(db: Database.Database, location: string): SqlDriver {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  return {
    dialect: 'sqlite',
    location,
    run: (sql, params: SqlParams = []) => prepare(sql).run(...params).changes,
    get: <T>(sql: string, params: SqlParams = []) => prepare(sql).get(...params) as T | undefined,
    all: <T>(sql: string, params: SqlParams = []) => prepare(sql).all(...params) as T[],
    // IMMEDIATE: take the write lock before reading, so a second process (govai digest --now) planning the same
    // destination waits for this transaction instead of reading the same "not yet delivered" state.
    transaction: (fn) => (db.inTransaction ? db.transaction(fn)() : db.transaction(fn).immediate()),
    close: () => {
      if (db.open) db.close();
    },
  };
}
