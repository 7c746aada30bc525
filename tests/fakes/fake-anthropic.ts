import type { Server } from 'node:http';
import { type JsonRequest, startJsonServer } from './json-server.js';

// A fake Anthropic Messages API on 127.0.0.1 (also serves Bedrock's /model/{id}/invoke). Each request is
// answered by `respond`, which sees the parsed body and returns a status, headers and a JSON body (or raw text).

export type FakeRequest = JsonRequest;
export type FakeResponse = {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string;
  delayMs?: number;
  /** Held back until this settles (see JsonReply). */
  until?: Promise<unknown>;
};

export async function startFakeAnthropic(
  respond: (req: FakeRequest) => FakeResponse,
): Promise<{ url: string; requests: FakeRequest[]; server: Server; close(): Promise<void> }> {
  return startJsonServer((r) => {
    const out = respond(r);
    return {
      status: out.status ?? 200,
      headers: { 'content-type': 'application/json', ...out.headers },
      body: out.raw ?? JSON.stringify(out.json ?? {}),
      ...(out.delayMs ? { delayMs: out.delayMs } : {}),
      ...(out.until ? { until: out.until } : {}),
    };
  });
}

/** A Messages API reply: text blocks, each citing [documentIndex, startBlock, endBlock) ranges. */
export function citedMessage(parts: Array<{ text: string; cites?: Array<[number, number, number]> }>): unknown {
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: 'claude-fake',
    stop_reason: 'end_turn',
    usage: { input_tokens: 120, output_tokens: 30 },
    content: parts.map((p) => ({
      type: 'text',
      text: p.text,
      citations: (p.cites ?? []).map(([d, s, e]) => ({
        type: 'content_block_location',
        cited_text: '',
        document_index: d,
        document_title: null,
        start_block_index: s,
        end_block_index: e,
      })),
    })),
  };
}
