import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatBriefingFile, parseBriefingFile } from '../core/front-matter.js';
import type { Article } from '../core/model.js';

// Writes new briefing files. A file appears complete or not at all (temp file + hard link), so the hot-reload
// watcher never reads half a file, and an existing briefing is never overwritten.

/**
 * A briefing id from a title: lower-case ASCII words joined by dashes, at most 60 characters, cut after a whole word
 * (`...north-korea-is-behind`, not `...north-korea-is-behind-cyberatt`); a single overlong word is cut.
 */
export function slugify(title: string): string {
  const full = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = full;
  if (full.length > 60) {
    const cut = full.slice(0, 61).lastIndexOf('-');
    slug = (cut > 0 ? full.slice(0, cut) : full.slice(0, 60)).replace(/-+$/, '');
  }
  return slug === '' ? 'article' : slug;
}

/** `base`, else `base-2`, `base-3`... the first not taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base.slice(0, 75)}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export type ArticleDraft = Omit<Article, 'id' | 'file' | 'keywords' | 'qa'> & {
  keywords?: string[];
  author?: string;
  id?: string;
};

/** Ids in use: the library's, plus the file names in the directory (a broken file still owns its name). */
export async function takenIds(dir: string, libraryIds: Iterable<string>): Promise<Set<string>> {
  const taken = new Set(libraryIds);
  try {
    for (const name of await readdir(dir)) taken.add(name.replace(/\.(md|markdown)$/i, ''));
  } catch {
    // a missing directory is created on write
  }
  return taken;
}

/** Writes the draft as `<dir>/<id>.md` with a unique id. Validates the result with the same parser as the loader. */
export async function writeBriefing(
  dir: string,
  draft: ArticleDraft,
  taken: ReadonlySet<string>,
): Promise<{ id: string; file: string }> {
  await mkdir(dir, { recursive: true });
  const taken2 = new Set(taken);
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = uniqueId(draft.id ?? slugify(draft.title), taken2);
    const article: Article = { ...draft, id, keywords: draft.keywords ?? [], qa: [] };
    let text = formatBriefingFile(article);
    // The author is kept for editors; the loader ignores fields it does not use.
    if (draft.author) text = text.replace(/\n---\n/, `\nauthor: ${JSON.stringify(draft.author)}\n---\n`);
    const check = parseBriefingFile(text);
    if (!check.ok) throw new Error(check.problems.map((p) => `${p.field} ${p.message}`).join('; '));
    const file = path.join(dir, `${id}.md`);
    const temp = path.join(dir, `.${id}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(temp, text, { flag: 'wx' });
    try {
      await link(temp, file);
      return { id, file };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      taken2.add(id); // someone else took the name meanwhile: try the next one
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }
  throw new Error(`could not find a free file name for "${draft.title}" in ${dir}`);
}
