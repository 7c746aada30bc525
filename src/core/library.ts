import { sentencesOf } from './briefing.js';
import { MAX_QUESTION_CHARS } from './commands.js';
import { composeDigest, type DigestOptions } from './digest.js';
import type { GateFeatures } from './library-rank.js';
import type { AskResult, Briefing, Digest } from './model.js';
import {
  beyondTitleCoverage,
  briefingCoverage,
  exactWords,
  gateScore,
  libraryIdf,
  questionKeys,
  rankBound,
  rankScore,
} from './library-rank.js';
import { createSearchIndex, type SearchIndex } from './search-index.js';
import { EDITOR_QA_MIN_SCORE, type EditorPair, indexEditorQa, matchEditorQa, type Prepared } from './editor-qa.js';
import { answerSpanFor } from './nlp/short-answer.js';
import { explainSentence, prepareSentences, selectAnswer, type SentenceTrace } from './nlp/answer.js';
import { ANSWER_MODEL } from './nlp/answer-model.js';
import { type SpanTrace, spanShown, spanTrace } from './nlp/span-confidence.js';
import { contentTerms, matchKey, STOP_WORDS, stem, words } from './nlp/text.js';

/** Below this score `ask` says it does not know instead of quoting something unrelated. */
export const DEFAULT_ANSWER_THRESHOLD = ANSWER_MODEL.answerThreshold.value;

export interface AskOptions {
  /** Search this briefing first (a follow-up in a thread the bot answered from it). */
  preferBriefingId?: string;
  /** Only this briefing. */
  briefingId?: string;
  threshold?: number;
}

export interface Library {
  readonly briefings: readonly Briefing[];
  get(id: string): Briefing | undefined;
  latest(): Briefing | undefined;
  ask(question: string, options?: AskOptions): AskResult;
  /** `govai ask --explain`: the same answer as `ask`, with the reasons (computed only here, never by `ask`). */
  explain(question: string, options?: AskOptions): AskExplanation;
  /** The briefings `ask` searches for this question, best first (the model path reads their sentences). */
  askCandidates(question: string, options?: AskOptions): Briefing[];
  digest(options?: DigestOptions): Digest;
  /** Terms the keyword trigger watches: briefings' keywords, glossary terms and watch terms (names, noun phrases). */
  watchedTerms(): string[];
  /** `/govai search`: briefings whose title, tags, keywords or text hold every one of the words, newest first. */
  search(words: string): Briefing[];
}

/**
 * Why `ask` answered as it did: what was searched, each candidate briefing's best sentence, the winner's word matches.
 */
export interface AskExplanation {
  result: AskResult;
  /** The rarest question words sent to the briefing search. */
  searchQuery: string;
  threshold: number;
  candidates: Array<{
    rank: number;
    briefingId: string;
    title: string;
    /** Search score relative to the best briefing's. */
    rel: number;
    /** The best sentence's own score, and the rank score it was ranked by (library-rank.ts). */
    sentenceScore: number;
    score: number;
    /** The rank and gate features beyond the sentence score (library-rank.ts), for the fitting script too. */
    librarySentence: number;
    coverage: number;
    beyondTitle: number;
    /** The question's words the sentence holds exactly (the gate's oneExact is 1 when at most one). */
    exactWords: number;
    sentence: string;
  }>;
  /** How each question word matched the quoted sentence, and the type gate (absent when nothing was quoted). */
  winner?: SentenceTrace & { briefingId: string; sentence: string };
  /** One line: why the winner won, or why it declined. */
  decision: string;
  /** The decline gate's inputs and score for the winner (absent when no briefing had a matching sentence). */
  gate?: GateFeatures & { score: number };
  /** The short answer found in the quoted sentence, its own confidence, and whether it was shown (article answers). */
  span?: SpanTrace;
}

// Sentence data per briefing object. A hot reload builds a new library from mostly the same briefing objects
// (the repository keeps unchanged ones), so this survives reloads and only new or edited briefings are prepared.
const preparedCache = new WeakMap<Briefing, Prepared>();

function prepare(b: Briefing): Prepared {
  let p = preparedCache.get(b);
  if (!p) {
    const sentences = sentencesOf(b.paragraphs);
    p = { briefing: b, sentences, index: prepareSentences(sentences.map((s) => s.text)) };
    preparedCache.set(b, p);
  }
  return p;
}

/**
 * Builds the in-memory library: one search index over briefings, and every briefing's sentence data prepared
 * up front, so the first question costs what later ones do.
 */
export function createLibrary(input: readonly Briefing[], index?: SearchIndex): Library {
  const briefings = [...input].sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id));
  const byId = new Map(briefings.map((b) => [b.id, b]));
  for (const b of briefings) prepare(b);
  // Built on the first question, not at load: most libraries are rebuilt (hot reload) more often than asked.
  let editorIndex: Map<string, EditorPair[]> | undefined;
  // Shared across versions when the repository passes its index in: a reload re-indexes only what changed. (An
  // older Library still answering a question meanwhile sees the new index; its own byId drops unknown ids.)
  const search = index ?? createSearchIndex();
  search.sync(briefings);
  const df = { get: (stemmed: string) => search.frequency(stemmed) };
  const searchQuery = (question: string): string => {
    const ws = [...new Set(words(question).filter((w) => !STOP_WORDS.has(w)))];
    const rare = ws.filter((w) => (df.get(stem(w)) ?? 0) <= Math.max(50, briefings.length * 0.05));
    const kept = (rare.length > 0 ? rare : ws).sort(
      (x, y) => (df.get(stem(x)) ?? 0) - (df.get(stem(y)) ?? 0) || x.localeCompare(y),
    );
    return kept.slice(0, ANSWER_MODEL.searchTerms.value).join(' ');
  };

  /** The briefings to score for a question, best first, each with its search score relative to the best (0..1]. */
  const ranked = (question: string, options: AskOptions): Array<{ briefing: Briefing; rel: number }> => {
    if (options.briefingId) {
      const only = byId.get(options.briefingId);
      return only ? [{ briefing: only, rel: 1 }] : [];
    }
    const hits = search.search(searchQuery(question), { limit: ANSWER_MODEL.candidateBriefings.value });
    const top = hits[0]?.score ?? 1;
    const list: Array<{ briefing: Briefing; rel: number }> = [];
    for (const h of hits) {
      const briefing = byId.get(String(h.id));
      if (briefing) list.push({ briefing, rel: top > 0 ? h.score / top : 1 });
    }
    const preferred = options.preferBriefingId ? byId.get(options.preferBriefingId) : undefined;
    if (preferred) return [{ briefing: preferred, rel: 1 }, ...list.filter((c) => c.briefing.id !== preferred.id)];
    return list;
  };
  const candidates = (question: string, options: AskOptions): Briefing[] =>
    ranked(question, options).map((c) => c.briefing);
  const idf = libraryIdf((t) => search.frequency(t), briefings.length);

  /**
   * Every candidate briefing's best sentence with its rank score (library-rank.ts), and the winner with its gate
   * score. The one path `ask` and `explain` share.
   */
  const scoreCandidates = (q: string, options: AskOptions, everyCandidate = false) => {
    const keys = questionKeys(q);
    const list: Array<{
      p: Prepared;
      rank: number;
      rel: number;
      index: number;
      sentence: number;
      librarySentence: number;
      coverage: number;
      value: number;
    }> = [];
    // The best two rank scores so far: a candidate that cannot reach the second is skipped (rankBound).
    let first = Number.NEGATIVE_INFINITY;
    let second = Number.NEGATIVE_INFINITY;
    ranked(q, options).forEach(({ briefing, rel }, rank) => {
      const p = prepare(briefing);
      const cheap = { rel, rank, sentences: p.index.length };
      if (!everyCandidate && rankBound(cheap) < second) return;
      // The answer span (the costly part) is found once, for the winner, by the caller.
      const c = selectAnswer(q, p.index, undefined, { answerText: false });
      if (!c) return;
      if (!everyCandidate && rankBound({ ...cheap, sentence: c.score }) < second) return;
      const lib = selectAnswer(q, p.index, idf, { answerText: false });
      const features = {
        sentence: c.score,
        librarySentence: lib?.score ?? 0,
        coverage: briefingCoverage(keys, p.index, idf),
        rel,
        rank,
        sentences: p.index.length,
      };
      const value = rankScore(features);
      list.push({ p, index: c.index, ...features, value });
      if (value > first) [first, second] = [value, first];
      else if (value > second) second = value;
    });
    let w: (typeof list)[number] | undefined;
    for (const c of list) if (!w || c.value > w.value) w = c;
    if (!w) return { list, winner: undefined };
    second = Number.NEGATIVE_INFINITY;
    for (const c of list) if (c !== w) second = Math.max(second, c.value);
    const features: GateFeatures = {
      sentence: w.sentence,
      librarySentence: w.librarySentence,
      coverage: w.coverage,
      rel: w.rel,
      lead: Number.isFinite(second) ? w.value - second : ANSWER_MODEL.gateLeadCap.value,
      beyondTitle: beyondTitleCoverage(keys, w.p.briefing.title, w.p.index, w.index, idf),
      oneExact: exactWords(q, w.p.index[w.index]) <= 1 ? 1 : 0,
    };
    return { list, winner: { ...w, gate: { ...features, score: gateScore(features) } } };
  };

  return {
    briefings,
    get: (id) => byId.get(id),
    latest: () => briefings[0],
    search(words) {
      // Every word must match (AND), after the same stemming as questions; an exact id also matches.
      const hits = new Set(search.search(words, { combineWith: 'AND' }).map((h) => String(h.id)));
      const id = words.trim().toLowerCase();
      if (byId.has(id)) hits.add(id);
      return briefings.filter((b) => hits.has(b.id));
    },
    askCandidates: (question, options = {}) => candidates(question.trim(), options),
    ask(question, options = {}) {
      const q = question.trim();
      if (q === '') return { kind: 'unknown', question: q, reason: 'empty' };
      if (q.length > MAX_QUESTION_CHARS) return { kind: 'unknown', question: q.slice(0, 80), reason: 'too-long' };
      if (briefings.length === 0) return { kind: 'unknown', question: q, reason: 'no-briefings' };
      if (contentTerms(q).length === 0) return { kind: 'unknown', question: q, reason: 'no-match' };
      const threshold = options.threshold ?? DEFAULT_ANSWER_THRESHOLD;
      let best: { p: Prepared; index: number; score: number; answerText?: string; editor?: boolean } | undefined;
      // Editor-written Q&A pairs come first: a question that matches one is answered with the article
      // sentence that best supports the editor's answer (still a verbatim quote with its paragraph).
      editorIndex ??= indexEditorQa(briefings);
      const editor = matchEditorQa(q, editorIndex, prepare, options.briefingId);
      const scored = scoreCandidates(q, options);
      const top = scored.winner;
      let gate = Number.POSITIVE_INFINITY;
      if (editor && (!top || editor.score >= top.sentence)) best = editor;
      else if (top) {
        best = { p: top.p, index: top.index, score: top.sentence };
        gate = top.gate.score;
      }
      if (best && best.answerText === undefined) {
        // Honest replies: the span is shown only when it is of the asked kind (a date for "when", a definition
        // for "what is X") and its own confidence passes the fitted bar (span-confidence.ts); otherwise the
        // quote stands alone.
        const span = answerSpanFor(q, best.p.sentences[best.index]!.text);
        if (span && spanShown(span, best.score)) best = { ...best, answerText: span.text };
      }
      if (!best) return { kind: 'unknown', question: q, reason: 'no-match' };
      const found: { p: Prepared; index: number; score: number; answerText?: string; editor?: boolean } = best;
      const score = Math.round(Math.min(1, found.score) * 1000) / 1000;
      if (gate < threshold) return { kind: 'unknown', question: q, reason: 'low-confidence', score };
      const sentence = found.p.sentences[found.index]!;
      const b = found.p.briefing;
      const next = found.editor ? undefined : continuation(q, found.p, found.index);
      return {
        kind: 'answer',
        answer: {
          question: q,
          quote: next ? `${sentence.text} ${next}` : sentence.text,
          ...(found.answerText ? { answerText: found.answerText } : {}),
          support: supportPhrase(found.score, found.editor === true),
          origin: found.editor ? 'editor' : 'article',
          citation: {
            briefingId: b.id,
            title: b.title,
            ...(b.url ? { url: b.url } : {}),
            source: b.source,
            paragraph: sentence.paragraph,
          },
          score,
        },
      };
    },
    explain(question, options = {}) {
      const q = question.trim();
      const result = this.ask(q, options);
      const threshold = options.threshold ?? DEFAULT_ANSWER_THRESHOLD;
      const scored = scoreCandidates(q, options, true);
      const r3 = (x: number) => Math.round(x * 1000) / 1000;
      const candidatesOut: AskExplanation['candidates'] = scored.list.map((c) => ({
        rank: c.rank + 1,
        briefingId: c.p.briefing.id,
        title: c.p.briefing.title,
        rel: r3(c.rel),
        sentenceScore: c.sentence,
        score: r3(c.value),
        librarySentence: r3(c.librarySentence),
        coverage: r3(c.coverage),
        beyondTitle: r3(beyondTitleCoverage(questionKeys(q), c.p.briefing.title, c.p.index, c.index, idf)),
        exactWords: exactWords(q, c.p.index[c.index]),
        sentence: c.p.sentences[c.index]!.text,
      }));
      const g = scored.winner?.gate;
      const gate = g
        ? (Object.fromEntries(Object.entries(g).map(([k, v]) => [k, r3(v)])) as unknown as GateFeatures & {
            score: number;
          })
        : undefined;
      const gateWhy = gate
        ? `gate ${gate.score} (sentence ${gate.sentence}, library-weighted ${gate.librarySentence}, briefing ` +
          `coverage ${gate.coverage}, search ${gate.rel}, lead ${gate.lead}, beyond the title ${gate.beyondTitle}` +
          `${gate.oneExact ? ', at most one question word as written' : ''})`
        : 'no gate';
      let winner: AskExplanation['winner'];
      let span: SpanTrace | undefined;
      let decision: string;
      if (result.kind === 'answer') {
        const b = byId.get(result.answer.citation.briefingId);
        const p = b ? prepare(b) : undefined;
        const index = p ? p.index.findIndex((e) => result.answer.quote.startsWith(e.text)) : -1;
        const trace = p && index >= 0 ? explainSentence(q, p.index, index) : undefined;
        if (trace && p) winner = { ...trace, briefingId: p.briefing.id, sentence: p.sentences[index]!.text };
        if (winner && result.answer.origin === 'article')
          span = spanTrace(answerSpanFor(q, winner.sentence), result.answer.score);
        const runnerUp = candidatesOut
          .filter((c) => c.briefingId !== result.answer.citation.briefingId)
          .sort((x, y) => y.score - x.score)[0];
        decision =
          result.answer.origin === 'editor'
            ? `an editor's qa: pair covers the question (>= ${EDITOR_QA_MIN_SCORE}): answered with it`
            : `answered: ${gateWhy} >= threshold ${threshold}` +
              (runnerUp
                ? `; best other briefing ${runnerUp.briefingId} ranked ${runnerUp.score}`
                : '; no other briefing');
      } else if (result.reason === 'low-confidence') {
        const top = scored.winner;
        decision = `declined: ${gateWhy} < threshold ${threshold}${top ? ` (${top.p.briefing.id})` : ''}`;
        if (top) {
          const trace = explainSentence(q, top.p.index, top.index);
          if (trace) winner = { ...trace, briefingId: top.p.briefing.id, sentence: top.p.sentences[top.index]!.text };
        }
      } else decision = `declined: ${result.reason}`;
      return {
        result,
        searchQuery: searchQuery(q),
        threshold,
        candidates: candidatesOut,
        ...(winner ? { winner } : {}),
        decision,
        ...(gate ? { gate } : {}),
        ...(span ? { span } : {}),
      };
    },
    digest: (options = {}) => composeDigest(briefings, options),
    watchedTerms() {
      const terms = new Map<string, string>();
      for (const b of briefings) {
        for (const t of [...b.keywords, ...b.glossary.map((g) => g.term), ...(b.watchTerms ?? [])]) {
          if (t.trim().length >= 2 && !terms.has(t.toLowerCase())) terms.set(t.toLowerCase(), t.trim());
        }
      }
      return [...terms.values()];
    },
  };
}

/**
 * When the answer runs on into the next sentence of the same paragraph ("... the Christmas Conference of 1784.
 * The conference was held at ..."), that sentence, so the quote carries both: it must point back (a pronoun, or
 * "The X" naming something the first one ends with) and add a question word the first one lacks.
 */
function continuation(question: string, p: Prepared, index: number): string | undefined {
  const cur = p.sentences[index];
  const nxt = p.sentences[index + 1];
  const e = p.index[index + 1];
  if (!cur || !nxt || !e || nxt.paragraph !== cur.paragraph) return undefined;
  const head = /^the\s+([a-z]+)/i.exec(nxt.text)?.[1];
  const tail = new Set(contentTerms(cur.text.split(/\s+/).slice(-6).join(' ')));
  const pointsBack = e.anaphoric || (head !== undefined && tail.has(stem(head.toLowerCase())));
  if (!pointsBack) return undefined;
  const have = p.index[index]!.termSet;
  const added = contentTerms(question)
    .map(matchKey)
    .filter((t) => !have.has(t) && e.termSet.has(t));
  return added.length >= ANSWER_MODEL.continuationMinWords.value ? nxt.text : undefined;
}

/** What the score means, in words a reader can check: no raw number is shown in chat. */
export function supportPhrase(score: number, editor: boolean): string {
  if (editor) return "The editor's answer to this question, quoted from the article.";
  if (score >= 0.95) return 'The quote has every key term of your question.';
  if (score >= 0.75) return 'The quote has most of the key terms of your question.';
  return 'The quote has some of the key terms of your question: check the source.';
}
