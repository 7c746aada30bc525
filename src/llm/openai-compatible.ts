import { z } from 'zod';
import type { CandidateDocument, GroundedQuestion, SummaryRequest, TokenUsage } from '../core/grounded/port.js';
import { allSentences } from '../core/grounded/candidates.js';
import { ProviderError, parseRetryAfter, statusFailure } from './errors.js';
import { openAiAnswerPrompt, openAiSummaryPrompt } from './prompt.js';
import type { ProviderCall, RawProvider } from './provider.js';

// Any `/v1/chat/completions` server (vLLM, llama.cpp's llama-server, Ollama, LiteLLM...), through the built-in
// fetch: the `openai` package's current major needs Node 22. The output is constrained by a JSON schema whose
// sentence ids are an enum of the real candidate ids, so a server that honours `response_format` cannot even
// name a sentence that does not exist (and the checks catch one that does not honour it).

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: z.object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() }).optional(),
});

const answerOut = z.object({ answer: z.string(), sentence_ids: z.array(z.number().int()) });
const summaryOut = z.object({
  tldr: z.object({ text: z.string(), sentence_ids: z.array(z.number().int()) }),
  points: z.array(z.object({ text: z.string(), sentence_ids: z.array(z.number().int()) })),
});

function idsSchema(documents: readonly CandidateDocument[]) {
  return { type: 'array', items: { type: 'integer', enum: [...allSentences(documents).keys()] }, maxItems: 8 };
}

/** The model answered in JSON, but not in the shape the schema asked for: malformed, with the first problem named. */
function schemaMismatch(error: z.ZodError, usage: TokenUsage | undefined): ProviderError {
  const first = error.issues[0]?.message ?? '';
  return new ProviderError('malformed', `the output does not match the schema: ${first}`, undefined, undefined, usage);
}

export function answerJsonSchema(documents: readonly CandidateDocument[]) {
  return {
    name: 'grounded_answer',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['answer', 'sentence_ids'],
      properties: { answer: { type: 'string', maxLength: 600 }, sentence_ids: idsSchema(documents) },
    },
  };
}

export function summaryJsonSchema(documents: readonly CandidateDocument[]) {
  const part = {
    type: 'object',
    additionalProperties: false,
    required: ['text', 'sentence_ids'],
    properties: { text: { type: 'string', maxLength: 600 }, sentence_ids: idsSchema(documents) },
  };
  return {
    name: 'grounded_summary',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['tldr', 'points'],
      properties: { tldr: part, points: { type: 'array', items: part, maxItems: 6 } },
    },
  };
}

export function openAiCompatibleProvider(options: {
  baseUrl: string;
  model: string;
  apiKey?: string;
  maxTokens?: number;
  fetch?: typeof fetch;
}): RawProvider {
  const url = `${options.baseUrl.replace(/\/v1$/, '')}/v1/chat/completions`;
  const doFetch = options.fetch ?? fetch;
  const call = async (
    prompt: { system: string; user: string },
    schema: object | undefined,
    c: ProviderCall,
  ): Promise<{ json: unknown; usage: TokenUsage }> => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        signal: c.signal,
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: options.model,
          temperature: 0,
          max_tokens: schema ? (options.maxTokens ?? 600) : 1,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          ...(schema ? { response_format: { type: 'json_schema', json_schema: schema } } : {}),
        }),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'AbortError' || name === 'TimeoutError') throw new ProviderError('timeout', 'the call timed out');
      throw new ProviderError('unavailable', `cannot reach ${new URL(url).host}: ${(error as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok)
      throw new ProviderError(
        statusFailure(res.status),
        `HTTP ${res.status}: ${text.slice(0, 200)}`,
        res.status,
        parseRetryAfter(res.headers, c.now()),
      );
    let body: z.infer<typeof completionSchema>;
    try {
      body = completionSchema.parse(JSON.parse(text));
    } catch {
      throw new ProviderError('malformed', 'the response is not a chat completion');
    }
    const usage = { inputTokens: body.usage?.prompt_tokens ?? 0, outputTokens: body.usage?.completion_tokens ?? 0 };
    const content = body.choices[0]!.message.content ?? '';
    if (!schema) return { json: null, usage };
    try {
      return { json: JSON.parse(stripFences(content)), usage };
    } catch {
      throw new ProviderError(
        'malformed',
        `the model's output is not JSON: ${content.slice(0, 120)}`,
        undefined,
        undefined,
        usage,
      );
    }
  };
  return {
    name: 'openai-compatible',
    host: new URL(url).host,
    model: options.model,
    async answer(request: GroundedQuestion, c) {
      const { json, usage } = await call(openAiAnswerPrompt(request), answerJsonSchema(request.documents), c);
      const out = answerOut.safeParse(json);
      if (!out.success) throw schemaMismatch(out.error, usage);
      return { value: { answer: out.data.answer, citedIds: out.data.sentence_ids }, usage };
    },
    async ping(c) {
      const { usage } = await call({ system: 'Reply with one word.', user: 'ping' }, undefined, c);
      return { value: null, usage };
    },
    async summarize(request: SummaryRequest, c) {
      const { json, usage } = await call(openAiSummaryPrompt(request), summaryJsonSchema(request.documents), c);
      const out = summaryOut.safeParse(json);
      if (!out.success) throw schemaMismatch(out.error, usage);
      const part = (p: { text: string; sentence_ids: number[] }) => ({ text: p.text, citedIds: p.sentence_ids });
      return { value: { tldr: part(out.data.tldr), points: out.data.points.map(part) }, usage };
    },
  };
}

/** Some local servers wrap JSON in a Markdown fence even with response_format. */
function stripFences(s: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(s);
  return m ? m[1]! : s;
}
