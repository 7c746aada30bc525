import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedJson } from './recorded-json.js';

// The HTTP part the fake model servers (fake-anthropic.ts, fake-openai.ts) share: a server on 127.0.0.1 that records
// every request with its JSON body parsed and sends what the fake decides, after a delay if asked.

export interface JsonRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: RecordedJson;
}

/**
 * What to send: sent after `delayMs`, or once `until` settles (a test holding the answer back until it has seen
 * what happens meanwhile, instead of guessing a delay), or not at all if the client has hung up by then.
 */
export interface JsonReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  delayMs?: number;
  until?: Promise<unknown>;
}

export async function startJsonServer(answer: (req: JsonRequest) => JsonReply) {
  const requests: JsonRequest[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const r: JsonRequest = { path: req.url ?? '', headers: req.headers, body: data ? JSON.parse(data) : undefined };
      requests.push(r);
      const out = answer(r);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(out.status, out.headers);
        res.end(out.body);
      };
      if (out.until) void out.until.then(send, send);
      else if (out.delayMs) setTimeout(send, out.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    // Keep-alive connections the SDKs hold open would keep close() waiting: drop them first.
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
