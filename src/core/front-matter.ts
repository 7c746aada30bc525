import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Article } from './model.js';

// The schema of a briefing file's YAML front matter. Kept in the core because it is pure validation;
// reading the file is the job of src/sources.
// Messages read after the field name: "title: is required", "published: must be an ISO date ...".
const required = (what: string) => ({
  error: (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : `must be ${what}`),
});
const text = (what = 'text') => z.string(required(what));
const list = z.array(
  z.string(required('a list of text items')).trim().min(1, 'must not contain empty items'),
  required('a list, e.g. [a, b]'),
);

export const frontMatterSchema = z.object({
  id: text('lowercase letters, digits and dashes').regex(
    /^[a-z0-9][a-z0-9-]{0,79}$/,
    'must be lowercase letters, digits and dashes (at most 80)',
  ),
  title: text().trim().min(1, 'must not be empty').max(300, 'is too long (at most 300 characters)'),
  source: text('the outlet name').trim().min(1, 'must not be empty'),
  url: z.url({ error: 'must be an http or https URL', protocol: /^https?$/ }).optional(),
  published: z.union([z.iso.date(), z.iso.datetime({ offset: true }), z.date().transform((d) => d.toISOString())], {
    error: (iss) =>
      iss.input === undefined
        ? 'is required'
        : 'must be an ISO date such as 2026-11-20 (or a date-time with a time zone)',
  }),
  // A single value (`tags: procurement`) is a one-item list.
  tags: z.preprocess((v) => (typeof v === 'string' ? [v] : v), list).default([]),
  keywords: z.preprocess((v) => (typeof v === 'string' ? [v] : v), list).default([]),
  qa: z
    .array(
      z.object({
        q: text('a question').trim().min(1, 'must not be empty'),
        a: text('an answer').trim().min(1, 'must not be empty'),
      }),
      required('a list of {q, a} pairs'),
    )
    .default([]),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export interface ParseProblem {
  field: string;
  message: string;
}

export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

/** Parses a Markdown briefing with front matter. Returns every problem found, never throws. */
export function parseBriefingFile(
  text: string,
): { ok: true; article: Article } | { ok: false; problems: ParseProblem[] } {
  if (text.includes('\u0000')) return fail('file', 'looks like a binary file, not Markdown text');
  if (text.length > MAX_ARTICLE_BYTES) {
    return fail(
      'file',
      `is too large (${Math.round(text.length / 1024)} KiB; the limit is ${MAX_ARTICLE_BYTES / 1024} KiB)`,
    );
  }
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(normalized);
  if (!match) return fail('front matter', 'is missing: the file must start with a line "---", YAML, then "---"');
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fail('front matter', `is not valid YAML: ${message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail('front matter', 'must be a YAML mapping of fields (id, title, source, published, ...)');
  }
  const body = normalized.slice(match[0].length).trim();
  const problems: ParseProblem[] = [];
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ field: issue.path.join('.') || 'front matter', message: issue.message });
    }
  }
  if (body.length === 0) problems.push({ field: 'body', message: 'is empty: a briefing needs article text' });
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const fm = parsed.data;
  return {
    ok: true,
    article: {
      id: fm.id,
      title: fm.title,
      source: fm.source,
      ...(fm.url ? { url: fm.url } : {}),
      published: fm.published,
      tags: fm.tags,
      keywords: fm.keywords,
      qa: fm.qa,
      body,
    },
  };
}

/** Serializes an article back to a briefing file (used by `govai add`). */
export function formatBriefingFile(article: Article): string {
  const fm: Record<string, unknown> = {
    id: article.id,
    title: article.title,
    source: article.source,
    ...(article.url ? { url: article.url } : {}),
    published: article.published,
    tags: article.tags,
  };
  if (article.keywords.length > 0) fm.keywords = article.keywords;
  if (article.qa.length > 0) fm.qa = article.qa;
  const yaml = Object.entries(fm)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `---\n${yaml}\n---\n\n${article.body.trim()}\n`;
}

function fail(field: string, message: string) {
  return { ok: false as const, problems: [{ field, message }] };
}
