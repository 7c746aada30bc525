import type { Citation } from '../model.js';

// The port through which the core asks an optional language model (Claude via the Anthropic API or Bedrock,
// or an OpenAI-compatible server). The core never sees an SDK or the network: providers live in src/llm/.

/** One numbered candidate sentence, verbatim from its briefing. Ids are 1-based and unique per request. */
export interface CandidateSentence {
  id: number;
  text: string;
  citation: Citation;
}

/** The sentences handed to the model, grouped by briefing (Anthropic sends one document per group). */
export interface CandidateDocument {
  briefingId: string;
  title: string;
  sentences: CandidateSentence[];
}

export interface GroundedQuestion {
  question: string;
  documents: CandidateDocument[];
  /** Aborted when the caller's time limit passes. */
  signal?: AbortSignal;
}

/** What a provider returns for a question, before verification: the short answer and the sentence ids it cites. */
export interface GroundedDraft {
  answer: string;
  citedIds: number[];
}

export interface SummaryRequest {
  title: string;
  documents: CandidateDocument[];
  signal?: AbortSignal;
}

export interface SummaryDraft {
  tldr: { text: string; citedIds: number[] };
  points: Array<{ text: string; citedIds: number[] }>;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** Expected failures are values: the caller falls back to the offline answer and logs `reason`. */
export type ModelFailure =
  | 'timeout'
  | 'unavailable'
  | 'rate-limited'
  | 'http-error'
  | 'auth'
  | 'malformed'
  | 'budget'
  | 'circuit-open'
  | 'busy';

export type ModelResult<T> =
  | { ok: true; value: T; usage: TokenUsage }
  | { ok: false; reason: ModelFailure; detail: string; usage?: TokenUsage };

export interface LanguageModelPort {
  /** `provider:model`, e.g. `anthropic:claude-sonnet-4-5`: part of cache keys and of what the reply says. */
  readonly id: string;
  answer(request: GroundedQuestion): Promise<ModelResult<GroundedDraft>>;
  summarize(request: SummaryRequest): Promise<ModelResult<SummaryDraft>>;
}

/** Bumped when the prompts or output schemas change: cached summaries from an older prompt are not reused. */
export const PROMPT_VERSION = 1;
