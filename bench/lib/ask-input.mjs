// The ask bench's library and questions (shared by ask-child.mjs and ask-profile.mjs): SQuAD dev paragraphs
// (their questions are asked) then CNN paragraphs of 4 sentences, cycled with new ids past the pool.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_DIR, dist, readJsonl, seedBody, sourceArticles } from './common.mjs';

export const QUESTIONS = 400;

/** Briefing texts: SQuAD paragraphs (their questions are asked) then CNN paragraphs of 4 sentences. */
async function texts() {
  const { splitSentences } = await dist('core/nlp/text.js');
  const qaFile = join(DEV_DIR, 'qa.jsonl');
  const out = [];
  const questions = [];
  if (existsSync(qaFile)) {
    const seen = new Map();
    for (const q of readJsonl(qaFile)) {
      if (!seen.has(q.context)) {
        seen.set(q.context, out.length);
        out.push({ title: q.title.replace(/_/g, ' '), body: q.context });
      }
      questions.push({ question: q.question, answers: q.answers });
    }
    for (const a of sourceArticles().articles) {
      const s = splitSentences(a);
      for (let i = 0; i + 4 <= s.length; i += 4)
        out.push({ title: s[i].slice(0, 60), body: s.slice(i, i + 4).join(' ') });
    }
  } else {
    const paragraphs = seedBody()
      .split(/\n+/)
      .filter((p) => p.length > 80);
    for (const [i, p] of paragraphs.entries()) out.push({ title: `Seed paragraph ${i + 1}`, body: p });
    for (const q of [
      'What is Constitutional AI?',
      'Who has a head start?',
      'When was the partnership formalized?',
      'What are IL5 and IL6?',
    ])
      questions.push({ question: q, answers: [] });
  }
  return { texts: out, questions };
}

/** `count` briefings and the questions asked at every size (from 1,000 briefings up their paragraphs are in). */
export async function benchLibrary(count) {
  const { texts: pool, questions } = await texts();
  const briefings = [];
  for (let i = 0; i < count; i++) {
    const t = pool[i % pool.length];
    const round = Math.floor(i / pool.length);
    briefings.push({
      id: `b${i}`,
      title: round ? `${t.title} (${round})` : t.title,
      headline: t.title,
      source: 'bench',
      published: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
      tags: [],
      keywords: [],
      tldr: '',
      keyPoints: [],
      sections: [],
      glossary: [],
      entities: [],
      qa: [],
      paragraphs: [t.body],
    });
  }
  return { briefings, asked: questions.slice(0, QUESTIONS) };
}
