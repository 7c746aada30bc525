import { extractGlossary } from './glossary.js';
import type { Article, Briefing, Citation, KeyPoint, QaSnippet, Section } from './model.js';
import { contentTerms, entities, splitSentences } from './nlp/text.js';
import { summarizeSentences } from './nlp/summarize.js';
import { splitBody } from './structure.js';

export interface SentenceRef {
  text: string;
  /** 1-based paragraph number. */
  paragraph: number;
}

/** Sentences of a briefing's paragraphs, each with its paragraph number. */
export function sentencesOf(paragraphs: readonly string[]): SentenceRef[] {
  const out: SentenceRef[] = [];
  paragraphs.forEach((p, i) => {
    for (const text of splitSentences(p)) out.push({ text, paragraph: i + 1 });
  });
  return out;
}

/** Turns an article into a briefing. Pure and deterministic: the same article gives the same briefing. */
export function buildBriefing(article: Article): Briefing {
  const blocks = splitBody(article.body);
  const paragraphs: string[] = [];
  const sections: Section[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') sections.push({ heading: block.text, paragraphs: [] });
    else {
      paragraphs.push(block.text);
      sections.at(-1)?.paragraphs.push(paragraphs.length);
    }
  }
  const cite = (paragraph: number): Citation => ({
    briefingId: article.id,
    title: article.title,
    ...(article.url ? { url: article.url } : {}),
    source: article.source,
    paragraph,
  });
  const sentences = sentencesOf(paragraphs);
  const texts = sentences.map((s) => s.text);
  const keyPoints: KeyPoint[] = pickKeyPoints(texts, sentences, article.title).map((s) => ({
    text: s.text,
    citation: cite(sentences[s.index]!.paragraph),
  }));
  const tldrPicks = summarizeSentences(texts, { title: article.title, sentences: texts.length > 6 ? 2 : 1 });
  const tldr = tldrPicks.map((s) => s.text).join(' ');
  const glossary = extractGlossary(paragraphs, cite);
  const names = dropPartialNames(namedThings(sentences.slice(0, 400).map((s) => s.text)), [
    ...article.keywords,
    ...glossary.map((g) => g.term),
  ]);
  const qa: QaSnippet[] = [
    ...article.qa.map((pair) => ({
      question: pair.q,
      answer: pair.a,
      citation: cite(bestParagraph(pair.a, sentences)),
      origin: 'editor' as const,
    })),
    ...glossary.map((g) => ({
      question: glossaryQuestion(g.term),
      answer: g.definition,
      citation: g.citation,
      origin: 'generated' as const,
    })),
    ...sections
      .filter((s) => s.heading.trim().endsWith('?') && s.paragraphs.length > 0)
      .map((s) => ({
        question: s.heading,
        answer: splitSentences(paragraphs[s.paragraphs[0]! - 1] ?? '')[0] ?? '',
        citation: cite(s.paragraphs[0]!),
        origin: 'generated' as const,
      })),
  ];
  return {
    id: article.id,
    title: article.title,
    headline: article.title,
    source: article.source,
    ...(article.url ? { url: article.url } : {}),
    published: article.published,
    tags: article.tags,
    keywords: article.keywords,
    tldr,
    keyPoints,
    sections,
    glossary,
    entities: names,
    qa,
    paragraphs,
  };
}

/** Organizations and products: proper-noun runs seen in the text, most mentioned first. */
function namedThings(sentences: readonly string[]): string[] {
  const counts = new Map<string, { n: number; first: number }>();
  let order = 0;
  for (const s of sentences) {
    for (const e of entities(s)) {
      if (e.type !== 'PROPN') continue;
      const name = e.value.replace(/['’]s$/, '').trim();
      if (name.length < 2 || /^(The|A|An|But|For|That|This|Those|None|Whether)$/.test(name)) continue;
      const c = counts.get(name) ?? { n: 0, first: order++ };
      c.n++;
      counts.set(name, c);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first)
    .slice(0, 20)
    .map(([name]) => name);
}

function bestParagraph(answer: string, sentences: readonly SentenceRef[]): number {
  const want = new Set(contentTerms(answer));
  let best = { paragraph: 1, hits: -1 };
  for (const s of sentences) {
    const hits = contentTerms(s.text).filter((t) => want.has(t)).length;
    if (hits > best.hits) best = { paragraph: s.paragraph, hits };
  }
  return best.paragraph;
}

/** "What is IL6?", "What are large language models?": keep acronyms and proper nouns as written. */
export function glossaryQuestion(term: string): string {
  const words = term.split(/\s+/);
  const shown = words
    .map((w) => (/^[A-Z]{2,}|^[A-Z][a-z]+[A-Z]/.test(w) || /^[A-Z]/.test(words[0]!) ? w : w.toLowerCase()))
    .join(' ');
  const plural = /[^s]s$/.test(words.at(-1) ?? '') && !/^[A-Z0-9]+s?$/.test(words.at(-1) ?? '');
  return `What ${plural ? 'are' : 'is'} ${shown}?`;
}

/** Drops names that are only the first words of a longer name or term ("Constitutional" of "Constitutional AI"). */
function dropPartialNames(names: string[], terms: readonly string[]): string[] {
  const longer = [...names, ...terms];
  return names.filter((n) => !longer.some((other) => other !== n && other.startsWith(`${n} `)));
}

/**
 * Key points cover the article, not just its lead: the best-scored sentence of each paragraph competes,
 * the top three to five win, shown in article order. Short articles fill up from the remaining sentences.
 */
function pickKeyPoints(
  texts: readonly string[],
  refs: readonly SentenceRef[],
  title: string,
): Array<{ index: number; text: string }> {
  const scored = summarizeSentences(texts, { title, sentences: texts.length });
  const bestPerParagraph = new Map<number, (typeof scored)[number]>();
  for (const s of scored) {
    const paragraph = refs[s.index]!.paragraph;
    const current = bestPerParagraph.get(paragraph);
    if (!current || s.score > current.score) bestPerParagraph.set(paragraph, s);
  }
  const want = Math.min(5, Math.max(3, bestPerParagraph.size), scored.length);
  const byScore = (a: { score: number; index: number }, b: { score: number; index: number }) =>
    b.score - a.score || a.index - b.index;
  const picked = [...bestPerParagraph.values()].sort(byScore).slice(0, want);
  const rest = scored.filter((s) => !picked.includes(s)).sort(byScore);
  while (picked.length < want && rest.length > 0) picked.push(rest.shift()!);
  return picked.sort((a, b) => a.index - b.index).map((s) => ({ index: s.index, text: refs[s.index]!.text }));
}
