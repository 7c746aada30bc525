import { extractGlossary } from './glossary.js';
import type { Article, Briefing, Citation, KeyPoint, QaSnippet, Section } from './model.js';
import { namedThings, watchTerms } from './names.js';
import { stripDateline, summarizeSentences } from './nlp/summarize.js';
import { contentTerms, splitSentences } from './nlp/text.js';
import { whoIsSnippets } from './qa-snippets.js';
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
      // The wire dateline ("Washington (CNN) --") goes from the text itself, so no key point, TL;DR or quote has it.
      paragraphs.push(paragraphs.length === 0 ? stripDateline(block.text) : block.text);
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
  const tldrPicks = summarizeSentences(texts, { title: article.title, sentences: texts.length > 6 ? 2 : 1 });
  const tldr = tldrPicks.map((s) => s.text).join(' ');
  // The key points say what the TL;DR does not: its sentences are not picked again.
  const inTldr = new Set(tldrPicks.map((s) => s.index));
  const keyPoints: KeyPoint[] = pickKeyPoints(texts, sentences, article.title, inTldr).map((s) => ({
    text: s.text,
    citation: cite(sentences[s.index]!.paragraph),
  }));
  const glossary = extractGlossary(paragraphs, cite);
  const named = namedThings(texts);
  // A name that is only the start of a longer one goes, unless it is mentioned more often on its own ("Nepal").
  const partialsDropped = new Set(
    dropPartialNames(
      named.map((n) => n.name),
      [...article.keywords, ...glossary.map((g) => g.term)],
    ).concat(named.filter((n) => n.count >= 3).map((n) => n.name)),
  );
  const names = named.map((n) => n.name).filter((n) => partialsDropped.has(n));
  const qa: QaSnippet[] = [
    ...article.qa.map((pair) => ({
      question: pair.q,
      answer: pair.a,
      citation: cite(bestParagraph(pair.a, sentences)),
      origin: 'editor' as const,
    })),
    // Generated pairs say something the glossary does not ("Who is ...?" from the role the text gives a person).
    ...whoIsSnippets(sentences, names).map((w) => ({
      question: w.question,
      answer: w.answer,
      citation: cite(w.paragraph),
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
    watchTerms: watchTerms({
      keywords: article.keywords,
      glossary: glossary.map((g) => g.term),
      names: named.filter((n) => partialsDropped.has(n.name)),
      keySentences: [tldr, ...keyPoints.map((k) => k.text)],
      text: paragraphs.join('\n'),
    }),
    qa,
    paragraphs,
  };
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
  exclude: ReadonlySet<number>,
): Array<{ index: number; text: string }> {
  const scored = summarizeSentences(texts, { title, sentences: texts.length }).filter((s) => !exclude.has(s.index));
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
