import type {
  CandidateDocument,
  GroundedDraft,
  GroundedQuestion,
  SummaryDraft,
  SummaryRequest,
  TokenUsage,
} from '../core/grounded/port.js';
import { ProviderError, parseRetryAfter, statusFailure } from './errors.js';
import { ANSWER_SYSTEM, answerInstruction, SUMMARY_INSTRUCTION, SUMMARY_SYSTEM } from './prompt.js';
import type { ProviderCall, RawProvider } from './provider.js';

// Claude through the Messages API, with the Citations feature on custom content documents: each candidate
// sentence is one text block, so a `content_block_location` citation names sentences by index, never by
// character offsets the model could get wrong. The same code serves the Anthropic API and Bedrock (the Bedrock
// SDK is a subclass of the same client, signing requests with SigV4).

/** The part of the SDK client we use; both `Anthropic` and `AnthropicBedrock` have it. */
export interface MessagesClient {
  messages: {
    create(body: unknown, options?: { signal?: AbortSignal; maxRetries?: number; timeout?: number }): Promise<unknown>;
  };
}

interface TextBlock {
  type: string;
  text?: string;
  citations?: Array<{
    type: string;
    document_index?: number;
    start_block_index?: number;
    end_block_index?: number;
  }> | null;
}

export function anthropicProvider(options: {
  name: 'anthropic' | 'bedrock';
  host: string;
  model: string;
  client: () => Promise<MessagesClient>;
  maxTokens?: number;
}): RawProvider {
  const documentsOf = (documents: readonly CandidateDocument[]) =>
    documents.map((d) => ({
      type: 'document',
      source: { type: 'content', content: d.sentences.map((s) => ({ type: 'text', text: s.text })) },
      title: d.title,
      citations: { enabled: true },
    }));
  const call = async (
    system: string,
    documents: readonly CandidateDocument[],
    instruction: string,
    c: ProviderCall,
  ) => {
    const client = await options.client();
    try {
      const message = (await client.messages.create(
        {
          model: options.model,
          max_tokens: options.maxTokens ?? 600,
          temperature: 0,
          system,
          // No tools are offered: the model can only write text.
          messages: [{ role: 'user', content: [...documentsOf(documents), { type: 'text', text: instruction }] }],
        },
        { signal: c.signal, maxRetries: 0, timeout: c.timeoutMs },
      )) as { content?: TextBlock[]; usage?: { input_tokens?: number; output_tokens?: number }; stop_reason?: string };
      const usage: TokenUsage = {
        inputTokens: message.usage?.input_tokens ?? 0,
        outputTokens: message.usage?.output_tokens ?? 0,
      };
      if (!Array.isArray(message.content))
        throw new ProviderError('malformed', 'the response has no content array', undefined, undefined, usage);
      return { segments: segmentsOf(message.content, documents), usage };
    } catch (error) {
      throw toProviderError(error, c.now());
    }
  };
  return {
    name: options.name,
    host: options.host,
    model: options.model,
    async answer(request: GroundedQuestion, c) {
      const { segments, usage } = await call(ANSWER_SYSTEM, request.documents, answerInstruction(request.question), c);
      const draft: GroundedDraft = {
        answer: segments
          .map((s) => s.text)
          .join('')
          .trim(),
        citedIds: [...new Set(segments.flatMap((s) => s.ids))],
      };
      return { value: draft, usage };
    },
    async summarize(request: SummaryRequest, c) {
      const { segments, usage } = await call(SUMMARY_SYSTEM, request.documents, SUMMARY_INSTRUCTION, c);
      return { value: linesToSummary(segments), usage };
    },
    async ping(c) {
      const client = await options.client();
      try {
        const message = (await client.messages.create(
          { model: options.model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] },
          { signal: c.signal, maxRetries: 0, timeout: c.timeoutMs },
        )) as { usage?: { input_tokens?: number; output_tokens?: number } };
        return {
          value: null,
          usage: { inputTokens: message.usage?.input_tokens ?? 0, outputTokens: message.usage?.output_tokens ?? 0 },
        };
      } catch (error) {
        throw toProviderError(error, c.now());
      }
    },
  };
}

interface Segment {
  text: string;
  ids: number[];
}

/**
 * Text blocks with their cited sentence ids; a citation to a block outside the documents maps to id 0 (rejected later).
 */
function segmentsOf(content: readonly TextBlock[], documents: readonly CandidateDocument[]): Segment[] {
  const out: Segment[] = [];
  for (const block of content) {
    if (block.type !== 'text' || typeof block.text !== 'string') continue;
    const ids: number[] = [];
    for (const c of block.citations ?? []) {
      if (c.type !== 'content_block_location') {
        ids.push(0);
        continue;
      }
      const doc = documents[c.document_index ?? -1];
      const start = c.start_block_index ?? -1;
      const end = c.end_block_index ?? start + 1;
      if (!doc || start < 0 || end <= start) {
        ids.push(0);
        continue;
      }
      for (let i = start; i < end; i++) ids.push(doc.sentences[i]?.id ?? 0);
    }
    out.push({ text: block.text, ids });
  }
  return out;
}

/** First line: the TL;DR; lines starting with "- ": key points. Each line collects the citations of its blocks. */
function linesToSummary(segments: readonly Segment[]): SummaryDraft {
  const lines: Segment[] = [{ text: '', ids: [] }];
  for (const s of segments) {
    const parts = s.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push({ text: '', ids: [] });
      const line = lines.at(-1)!;
      line.text += part;
      if (part.trim() !== '' || parts.length === 1) line.ids.push(...s.ids);
    });
  }
  const kept = lines.map((l) => ({ text: l.text.trim(), ids: [...new Set(l.ids)] })).filter((l) => l.text !== '');
  const [first, ...rest] = kept;
  return {
    tldr: { text: (first?.text ?? '').replace(/^TL;DR:?\s*/i, ''), citedIds: first?.ids ?? [] },
    points: rest.map((l) => ({ text: l.text.replace(/^[-*•]\s*/, ''), citedIds: l.ids })),
  };
}

/** Maps the SDK's errors (by shape, so the SDK stays lazily imported) to ProviderError. */
export function toProviderError(error: unknown, now: number): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as { name?: string; status?: number; headers?: { get(n: string): string | null }; message?: string };
  const name = e?.name ?? '';
  if (
    name === 'APIUserAbortError' ||
    name === 'AbortError' ||
    name === 'APIConnectionTimeoutError' ||
    name === 'TimeoutError'
  ) {
    return new ProviderError('timeout', 'the call timed out');
  }
  if (typeof e?.status === 'number') {
    return new ProviderError(
      statusFailure(e.status),
      `HTTP ${e.status}: ${short(e.message)}`,
      e.status,
      parseRetryAfter(e.headers, now),
    );
  }
  if (name === 'SyntaxError') return new ProviderError('malformed', `the response is not JSON: ${short(e.message)}`);
  if (name === 'APIConnectionError')
    return new ProviderError('unavailable', `cannot reach the endpoint: ${short(e.message)}`);
  return new ProviderError('unavailable', short(e?.message ?? String(error)));
}

const short = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').slice(0, 200);
