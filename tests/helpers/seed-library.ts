import { readFileSync } from 'node:fs';
import { buildBriefing } from '../../src/core/briefing.js';
import { parseBriefingFile } from '../../src/core/front-matter.js';
import { createLibrary, type Library } from '../../src/core/library.js';
import type { Article, Briefing } from '../../src/core/model.js';
import { SEED_BRIEFING } from './seed.js';

export function seedArticle(): Article {
  const parsed = parseBriefingFile(readFileSync(SEED_BRIEFING, 'utf8'));
  if (!parsed.ok) throw new Error(`seed briefing invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.article;
}

let cached: Briefing | undefined;
export function seedBriefing(): Briefing {
  cached ??= buildBriefing(seedArticle());
  return cached;
}

/** A briefing of `body` alone: source "test", published 2026-11-01, no tags, keywords or editor Q&A of its own. */
export function plainBriefing(id: string, title: string, body: string): Briefing {
  return buildBriefing({ id, title, source: 'test', published: '2026-11-01', tags: [], keywords: [], qa: [], body });
}

export function seedLibrary(extra: Briefing[] = []): Library {
  return createLibrary([seedBriefing(), ...extra]);
}
