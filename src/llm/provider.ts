import type {
  GroundedDraft,
  GroundedQuestion,
  SummaryDraft,
  SummaryRequest,
  TokenUsage,
} from '../core/grounded/port.js';

/** What the guard hands a provider for one attempt. */
export interface ProviderCall {
  signal: AbortSignal;
  timeoutMs: number;
  now(): number;
}

/** One provider (Anthropic, Bedrock, OpenAI-compatible): one attempt, no retries; throws ProviderError. */
export interface RawProvider {
  readonly name: 'anthropic' | 'bedrock' | 'openai-compatible';
  /** The host that receives article text (doctor prints it). */
  readonly host: string;
  readonly model: string;
  answer(request: GroundedQuestion, call: ProviderCall): Promise<{ value: GroundedDraft; usage: TokenUsage }>;
  summarize(request: SummaryRequest, call: ProviderCall): Promise<{ value: SummaryDraft; usage: TokenUsage }>;
  /** The smallest real request (one output token, no article text): `govai doctor`'s credential and model check. */
  ping(call: ProviderCall): Promise<{ value: null; usage: TokenUsage }>;
}
