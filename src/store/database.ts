import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

/** The database file could not be used. The message names the file; the file itself is never modified or replaced. */
export class StoreError extends Error {
  constructor(
    readonly file: string,
    reason: string,
    setting: 'GOVAI_DB' | 'GOVAI_DATABASE_URL' = 'GOVAI_DB',
  ) {
    super(`cannot use the database ${file} (${setting}): ${reason}`);
    this.name = 'StoreError';
  }
}

export interface OpenOptions {
  /** Open an existing file for reading only (CLI listings); no migrations, nothing created. */
  readonly?: boolean;
}

/**
 * Opens (creating the directory and file on first start) and migrates the SQLite database.
 * A corrupt or unwritable file is a StoreError: we never delete or recreate it, so no history is silently lost.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const memory = file === ':memory:';
  if (!memory) prepareLocation(file, options.readonly === true);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, {
      readonly: options.readonly === true,
      fileMustExist: options.readonly === true,
      timeout: 5_000,
    });
    // Reading the schema is the first real access: a file that is not SQLite fails here, before we write anything.
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') throw new Error(`the integrity check failed (${String(check)})`);
    if (!options.readonly) {
      // WAL + NORMAL: a committed transaction survives a process crash (SIGKILL); writers do not block readers.
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      // SQLite quietly opens a read-only file (or one on a read-only mount) for reading, and the pragmas above
      // may not need to write: rewrite the schema version (a one-page write) so a read-only database fails here,
      // with its name, not at the first write later on with "attempt to write a readonly database".
      if (!memory) db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`);
    }
    return db;
  } catch (error) {
    db?.close();
    throw new StoreError(file, explain(error));
  }
}

function prepareLocation(file: string, readonly: boolean): void {
  if (existsSync(file) && statSync(file).isDirectory()) throw new StoreError(file, 'it is a directory, not a file');
  if (readonly) {
    if (!existsSync(file))
      throw new StoreError(file, 'the file does not exist yet (it is created when the bot first starts)');
    return;
  }
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new StoreError(file, `cannot create its directory ${path.dirname(file)}: ${(error as Error).message}`);
  }
}

function explain(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const base = e.message ?? String(error);
  switch (e.code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return (
        `the file is not a valid SQLite database or is damaged (${base}). It was left untouched: restore a ` +
        `backup, or move it aside to start a new delivery log`
      );
    case 'SQLITE_READONLY':
      return (
        `the file is read-only (${base}); govai writes its delivery log there: make the file and its ` +
        `directory writable, or set GOVAI_DB to a writable path`
      );
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_IOERR':
      return `the file cannot be opened for writing (${base}); check its permissions and free disk space`;
    case 'SQLITE_BUSY':
      return `the file is locked by another process (${base})`;
    default:
      return base;
  }
}
