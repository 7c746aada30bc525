import type { AskOptions, Library } from '../library.js';
import type { AskResult } from '../model.js';
import { passageCandidates, questionCandidates } from './candidates.js';
import type { LanguageModelPort, TokenUsage } from './port.js';
import { type VerifiedAnswer, verifyAnswer } from './verify.js';

/** What happened to one question on the model path: logged by the caller, never shown to the user. */
export interface ModelUse {
  model: string;
  /** True when the reply shows the model's verified answer. */
  used: boolean;
  /** Why the offline answer was shown instead. */
  reason?: string;
  detail?: string;
  usage?: TokenUsage;
}

/**
 * Asks the model about the question, from the sentences the offline retriever picked, and returns its answer
 * only when every check passes; otherwise the offline result, with the reason in `use`.
 */
export async function groundedAsk(
  model: LanguageModelPort,
  library: Library,
  question: string,
  options: AskOptions,
  offline: AskResult,
  signal?: AbortSignal,
): Promise<{ result: AskResult; use: ModelUse }> {
  const fallback = (reason: string, detail: string, usage?: TokenUsage) => ({
    result: offline,
    use: { model: model.id, used: false, reason, detail, ...(usage ? { usage } : {}) },
  });
  const q = question.trim();
  if (offline.kind === 'unknown' && offline.reason !== 'no-match' && offline.reason !== 'low-confidence') {
    return fallback('not-asked', `offline said ${offline.reason}`);
  }
  const briefings = library.askCandidates(q, options);
  const documents = questionCandidates(
    q,
    briefings,
    offline.kind === 'answer'
      ? { offline: { briefingId: offline.answer.citation.briefingId, quote: offline.answer.quote } }
      : {},
  );
  if (documents.length === 0) return fallback('no-candidates', 'no briefing sentence shares a word with the question');
  const out = await model.answer({ question: q, documents, ...(signal ? { signal } : {}) });
  if (!out.ok) return fallback(out.reason, out.detail, out.usage);
  const verdict = verifyAnswer(out.value, documents);
  if (!verdict.ok) return fallback(verdict.rejection, verdict.detail, out.usage);
  const v = verdict.value;
  const first = v.sentences[0]!;
  return {
    result: {
      kind: 'answer',
      answer: {
        question: q,
        quote: first.text,
        citation: first.citation,
        score: Math.round(v.support * 1000) / 1000,
        grounded: {
          text: v.text,
          model: model.id,
          sentences: v.sentences.map((s) => ({ text: s.text, citation: s.citation })),
        },
      },
    },
    use: { model: model.id, used: true, usage: out.usage },
  };
}

/**
 * The paragraph task through the model: every sentence of the passage is a candidate, and the model's answer is
 * returned only when it passes the same checks as a chat answer (the caller keeps the offline answer otherwise).
 */
export async function groundedPassage(
  model: LanguageModelPort,
  question: string,
  context: string,
  signal?: AbortSignal,
): Promise<{ verified?: VerifiedAnswer; use: ModelUse }> {
  const document = passageCandidates(context);
  const no = (reason: string, detail: string, usage?: TokenUsage) => ({
    use: { model: model.id, used: false, reason, detail, ...(usage ? { usage } : {}) },
  });
  if (document.sentences.length === 0) return no('no-candidates', 'the passage has no sentence');
  const out = await model.answer({ question: question.trim(), documents: [document], ...(signal ? { signal } : {}) });
  if (!out.ok) return no(out.reason, out.detail, out.usage);
  const verdict = verifyAnswer(out.value, [document]);
  if (!verdict.ok) return no(verdict.rejection, verdict.detail, out.usage);
  return { verified: verdict.value, use: { model: model.id, used: true, usage: out.usage } };
}
