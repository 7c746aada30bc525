import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A fake Anthropic Messages API on 127.0.0.1 (also serves Bedrock's /model/{id}/invoke). Each request is
// answered by `respond`, which sees the parsed body and returns a status, headers and a JSON body (or raw text).

export interface FakeRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}
export type FakeResponse = {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string;
  delayMs?: number;
};

export async function startFakeAnthropic(
  respond: (req: FakeRequest) => FakeResponse,
): Promise<{ url: string; requests: FakeRequest[]; server: Server; close(): Promise<void> }> {
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const r: FakeRequest = { path: req.url ?? '', headers: req.headers, body: data ? JSON.parse(data) : undefined };
      requests.push(r);
      const out = respond(r);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...out.headers });
        res.end(out.raw ?? JSON.stringify(out.json ?? {}));
      };
      if (out.delayMs) setTimeout(send, out.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
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
