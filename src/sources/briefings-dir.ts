import { systemTime } from '../time/system-time.js';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_ARTICLE_BYTES, parseBriefingFile } from '../core/front-matter.js';
import type { Article } from '../core/model.js';

/** One problem with one briefing file: the file, the failing field and why. */
export interface FileProblem {
  file: string;
  field: string;
  message: string;
}

export interface LoadResult {
  articles: Article[];
  problems: FileProblem[];
}

/** Publication dates up to a day ahead are accepted (time zones, embargoed releases); later ones are refused. */
export const MAX_FUTURE_MS = 24 * 3_600_000;
const now = () => systemTime.now();

const BRIEFING_EXTENSIONS = new Set(['.md', '.markdown']);

/** Reads one briefing file. Never throws: every failure is a FileProblem naming the file. */
export async function readBriefingFile(
  file: string,
): Promise<{ ok: true; article: Article } | { ok: false; problems: FileProblem[] }> {
  const name = file;
  try {
    const info = await stat(file);
    if (info.size > MAX_ARTICLE_BYTES) {
      return {
        ok: false,
        problems: [
          {
            file: name,
            field: 'file',
            message:
              `is too large (${(info.size / 1_048_576).toFixed(1)} MB; the limit is ` +
              `${MAX_ARTICLE_BYTES / 1_048_576} MB)`,
          },
        ],
      };
    }
    const buffer = await readFile(file);
    // A byte-order mark says UTF-16 (Windows editors save it so): read it, do not call it binary.
    const encoding =
      buffer[0] === 0xff && buffer[1] === 0xfe
        ? 'utf-16le'
        : buffer[0] === 0xfe && buffer[1] === 0xff
          ? 'utf-16be'
          : 'utf-8';
    if (encoding === 'utf-8' && buffer.includes(0))
      return {
        ok: false,
        problems: [{ file: name, field: 'file', message: 'looks like a binary file, not Markdown text' }],
      };
    const text = new TextDecoder(encoding, { fatal: false }).decode(buffer);
    const parsed = parseBriefingFile(text);
    if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => ({ file: name, ...p })) };
    // A date far in the future would make a briefing the "latest" forever: refused (the last good version stays).
    const published = Date.parse(parsed.article.published);
    if (published > now() + MAX_FUTURE_MS) {
      return {
        ok: false,
        problems: [
          {
            file: name,
            field: 'published',
            message:
              `is ${parsed.article.published}, more than a day in the future; refused so it cannot stay the ` +
              `latest briefing (fix the date)`,
          },
        ],
      };
    }
    return { ok: true, article: { ...parsed.article, file } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problems: [
        {
          file: name,
          field: 'file',
          message: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`,
        },
      ],
    };
  }
}

/** Lists the briefing files of a directory (Markdown only, sorted, hidden files skipped). */
export async function listBriefingFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && BRIEFING_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** Reads every briefing in a directory; one bad file never stops the others. Duplicate ids are problems too. */
export async function loadBriefingsDir(dir: string): Promise<LoadResult> {
  let files: string[];
  try {
    files = await listBriefingFiles(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      articles: [],
      problems: [
        { file: dir, field: 'directory', message: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})` },
      ],
    };
  }
  const articles: Article[] = [];
  const problems: FileProblem[] = [];
  const owner = new Map<string, string>();
  for (const file of files) {
    const result = await readBriefingFile(file);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const first = owner.get(result.article.id);
    if (first) {
      problems.push({
        file,
        field: 'id',
        message: `"${result.article.id}" is already used by ${path.basename(first)}`,
      });
      continue;
    }
    owner.set(result.article.id, file);
    articles.push(result.article);
  }
  return { articles, problems };
}
