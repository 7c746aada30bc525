import { statSync } from 'node:fs';

// A database file deleted or replaced under a running bot: SQLite keeps writing to the open (now nameless) file,
// so nothing fails, and the next start opens an empty log and posts again what was delivered. Comparing the
// path's device and inode with those seen at open tells us.

/** Returns a check: undefined while `file` is still the file that was opened, else what happened to it. */
export function storeFileCheck(file: string, stat: (f: string) => { dev: number; ino: number } = statSync) {
  if (file === ':memory:') return () => undefined;
  let opened: { dev: number; ino: number };
  try {
    const s = stat(file);
    opened = { dev: s.dev, ino: s.ino };
  } catch {
    return () => undefined;
  }
  return (): string | undefined => {
    let now: { dev: number; ino: number };
    try {
      now = stat(file);
    } catch (error) {
      const code = (error as { code?: string }).code;
      return code === 'ENOENT'
        ? `the database file ${file} (GOVAI_DB) was deleted while the bot was running`
        : `the database file ${file} (GOVAI_DB) cannot be checked (${code ?? (error as Error).message})`;
    }
    if (now.dev !== opened.dev || now.ino !== opened.ino)
      return `the database file ${file} (GOVAI_DB) was replaced by another file while the bot was running`;
    return undefined;
  };
}
