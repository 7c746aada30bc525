import { type JsonRequest, startJsonServer } from './json-server.js';

// A fake OpenAI-compatible server (vLLM, llama-server, Ollama) on 127.0.0.1: `POST /v1/chat/completions`.
// `respond` returns the assistant's content (what the model "writes"). With `honoursSchema` (the default), the
// fake behaves like a server doing constrained decoding: content that violates the request's
// `response_format.json_schema` is never sent (the fake answers 500 naming the violation, so a test scripting
// an impossible output fails loudly). With `honoursSchema: false` it is a server that ignores response_format.

export type OpenAiRequest = JsonRequest;
/** `delayMs` or `until` (held back until it settles, see json-server.ts) put off the answer. */
export type OpenAiResponse = { delayMs?: number; until?: Promise<unknown> } & (
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { status: number; headers?: Record<string, string>; raw?: string }
);

export async function startFakeOpenAi(
  respond: (req: OpenAiRequest) => OpenAiResponse,
  options: { honoursSchema?: boolean } = {},
) {
  const honours = options.honoursSchema ?? true;
  const json = { 'content-type': 'application/json' };
  const { url, requests, close } = await startJsonServer((r) => {
    if (r.path !== '/v1/chat/completions')
      return { status: 404, headers: json, body: JSON.stringify({ error: { message: `no route ${r.path}` } }) };
    const out = respond(r);
    const later = { delayMs: out.delayMs ?? 0, ...(out.until ? { until: out.until } : {}) };
    if ('status' in out)
      return {
        status: out.status,
        headers: { ...json, ...out.headers },
        body: out.raw ?? JSON.stringify({ error: { message: `HTTP ${out.status}` } }),
        ...later,
      };
    const schema = r.body?.response_format?.json_schema?.schema;
    const violation = honours && schema ? violates(out.content, schema) : undefined;
    if (violation)
      return {
        status: 500,
        headers: json,
        body: JSON.stringify({ error: { message: `fake: scripted output violates the schema: ${violation}` } }),
        ...later,
      };
    const body = JSON.stringify({
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      model: r.body?.model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: out.content } }],
      usage: { ...(out.usage ?? { prompt_tokens: 200, completion_tokens: 40 }) },
    });
    return { status: 200, headers: json, body, ...later };
  });
  return { url, requests, close };
}

/** The sentence ids the request allows (the enum in its JSON schema). */
export function allowedIds(req: OpenAiRequest): number[] {
  return req.body.response_format.json_schema.schema.properties.sentence_ids?.items.enum ?? [];
}

/** The numbered sentences in the request's fenced data section, by id. */
export function sentencesIn(req: OpenAiRequest): Map<number, string> {
  const user: string = req.body.messages.find((m: { role: string }) => m.role === 'user').content;
  const out = new Map<number, string>();
  for (const m of user.matchAll(/^\[(\d+)\] (.*)$/gm)) out.set(Number(m[1]), m[2]!);
  return out;
}

/**
 * A small JSON Schema check (the subset the app sends): type, required, additionalProperties, enum, maxItems,
 * maxLength.
 */
interface JsonSchema {
  type?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean;
  items?: JsonSchema;
  maxItems?: number;
  maxLength?: number;
}

function violates(content: string, schema: JsonSchema): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return 'not JSON';
  }
  return check(value, schema, '$');
}

function check(v: unknown, s: JsonSchema, at: string): string | undefined {
  if (s.enum && !s.enum.includes(v)) return `${at}: ${JSON.stringify(v)} not in enum`;
  switch (s.type) {
    case 'object': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${at}: not an object`;
      for (const k of s.required ?? []) if (!(k in v)) return `${at}.${k}: missing`;
      for (const k of Object.keys(v)) {
        if (!s.properties?.[k]) {
          if (s.additionalProperties === false) return `${at}.${k}: not allowed`;
          continue;
        }
        const e = check((v as Record<string, unknown>)[k], s.properties[k], `${at}.${k}`);
        if (e) return e;
      }
      return undefined;
    }
    case 'array':
      if (!Array.isArray(v)) return `${at}: not an array`;
      if (s.maxItems !== undefined && v.length > s.maxItems) return `${at}: more than ${s.maxItems} items`;
      for (const [i, x] of v.entries()) {
        const e = check(x, s.items ?? {}, `${at}[${i}]`);
        if (e) return e;
      }
      return undefined;
    case 'string':
      if (typeof v !== 'string') return `${at}: not a string`;
      if (s.maxLength !== undefined && v.length > s.maxLength) return `${at}: longer than ${s.maxLength}`;
      return undefined;
    case 'integer':
      return Number.isInteger(v) ? undefined : `${at}: not an integer`;
    default:
      return undefined;
  }
}
