// What the answerer reads from a question once: its content terms and stems, the kind of answer it asks for, and
// the shapes (why, what-is-X, yes/no) that decide how a short answer is found. Shared by sentence scoring
// (answer.ts), short answers (short-answer.ts) and the explain trace.
import { type AnswerType, answerTypeOf, QUESTION_FILLER } from './question.js';
import { definiendumOf } from './definition.js';
import { contentTerms, matchKey, STOP_WORDS, stem, words } from './text.js';

/** Content stems in the form they are matched in (see `matchKey`). */
export function keys(text: string): string[] {
  return contentTerms(text).map(matchKey);
}

export interface QuestionModel {
  type: AnswerType;
  terms: string[];
  /**
   * The question's filler words ("named", "described", "type", "year") when it has topical ones: they say little
   * about the topic, but a sentence that repeats "named after" or "described as" often holds the answer, so the
   * sentence score counts them at a fraction of their weight (fillerWeight). Not among `terms`.
   */
  fillers: string[];
  /** Terms written with a capital inside the question ("Victoria", "Huguenots"): names, for `nameWeight`. */
  names: Set<string>;
  stems: Set<string>;
  bigrams: string[];
  wantsName: boolean;
  /** The question's content words as written ("phosphorylation", not its stem). */
  surface: string[];
  /** A "why" question: the answer gives a cause or a purpose. */
  reason: boolean;
  /** The X of "What is X?": its definition in the sentence is the short answer. */
  definiendum?: string;
  /** "Does ...?", "Can ...?": asks yes or no, so no span answers it. */
  yesNo: boolean;
}

// Words that give a cause or a purpose, the answer to "why".
export const CAUSE =
  /\b(?:because|due to|owing to|since|so that|in order to|as a result|result(?:ed|s)? (?:in|from)|therefore|thus|hence|reasons?|caus(?:e|ed|es|ing)|led to|lead to|leads to|so as to|for fear|(?:has|have|had) to|to (?:avoid|prevent|allow|ensure|protect|help|make|reduce|increase))\b/i;

const WH_NOUN =
  /\b(?:what|which)\s+(?!is\b|was\b|are\b|were\b|did\b|does\b|do\b|has\b|have\b|had\b|can\b|could\b|would\b|will\b|kind\b|type\b|sort\b)[a-z]+/i;

// Filler words that never count: the asked quantity ("how many", "how much": it is cut from the question first) and
// chat wording ("can someone explain", "please tell me"), which no sentence repeats.
const HOW_MANY = /\bhow\s+(?:many|much)\b/gi;
const UNCOUNTED = new Set(
  ['one', 'someone', 'anyone', 'somebody', 'anybody', 'explain', 'tell', 'please'].map((w) => stem(w)),
);

// A word with a capital after the question's first word: a name (the first word is capitalised anyway).
const CAPITALISED = /(?<=\S\s+)\p{Lu}[\p{L}\p{N}'’&.-]*/gu;

// The last question's model: a library question scores several briefings, then finds the span, with the same one.
let lastQuestion: { question: string; model: QuestionModel | undefined } | undefined;

export function questionModel(question: string): QuestionModel | undefined {
  if (lastQuestion?.question !== question) lastQuestion = { question, model: buildQuestionModel(question) };
  return lastQuestion.model;
}

function buildQuestionModel(question: string): QuestionModel | undefined {
  const all = [...new Set(contentTerms(question))];
  if (all.length === 0) return undefined;
  const topical = all.filter((t) => !QUESTION_FILLER.has(t));
  const terms = [...new Set((topical.length > 0 ? topical : all).map(matchKey))];
  const fillers =
    topical.length > 0
      ? [
          ...new Set(
            contentTerms(question.replace(HOW_MANY, ' '))
              .filter((t) => QUESTION_FILLER.has(t) && !UNCOUNTED.has(t))
              .map(matchKey),
          ),
        ]
      : [];
  const names = new Set<string>();
  for (const m of question.matchAll(CAPITALISED)) for (const k of keys(m[0])) names.add(k);
  const seq = keys(question);
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < seq.length; i++) bigrams.push(`${seq[i]} ${seq[i + 1]}`);
  const m = WH_NOUN.exec(question);
  const definiendum = definiendumOf(question);
  const reason = /^\s*why\b|\bfor what reason\b|\bwhat (?:was|is|were|are) the (?:reason|cause|purpose)\b/i.test(
    question,
  );
  const surface = [...new Set(words(question).filter((w) => !STOP_WORDS.has(w)))];
  const yesNo = /^\s*(?:does|do|did|is|are|was|were|can|could|will|would|should|has|have|had)\b/i.test(question);
  return {
    type: answerTypeOf(question),
    yesNo,
    terms,
    fillers,
    names,
    surface,
    stems: new Set(all),
    bigrams,
    wantsName: m !== null,
    reason,
    ...(definiendum ? { definiendum } : {}),
  };
}
