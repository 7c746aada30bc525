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
}
