import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A gate in front of the fake Slack Web API (tests/fakes/fake-slack-api.ts), on 127.0.0.1, deciding per
 * chat.postMessage what "the network" does with it:
 *   pass  - forward to the fake (the message is posted there) and relay its answer;
 *   hold  - keep the request open and never forward it: the send is in flight when the test kills the process;
 *   500   - answer HTTP 500 without forwarding;
 *   429   - answer HTTP 429 with `retry-after: <seconds>` without forwarding.
 * Every other method is forwarded. `arrivals` records each postMessage with its channel, decision and time.
 */

export type GateDecision = 'pass' | 'hold' | '500' | { status: 429; retryAfterSeconds: number };

export interface Arrival {
  channel: string;
  decision: GateDecision;
  at: number;
}

export interface ChatGate {
  apiUrl: string;
  arrivals: Arrival[];
  held: number;
  decide: (channel: string, nthForChannel: number) => GateDecision;
  close(): Promise<void>;
}

export async function startChatGate(
  targetApiUrl: string,
  decide: ChatGate['decide'] = () => 'pass',
): Promise<ChatGate> {
  const heldResponses = new Set<ServerResponse>();
  const perChannel = new Map<string, number>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const method = /\/api\/([\w.]+)$/.exec(req.url ?? '')?.[1] ?? '';
    if (method === 'chat.postMessage') {
      const channel = new URLSearchParams(body).get('channel') ?? (safeJson(body)?.channel as string | undefined) ?? '';
      const n = (perChannel.get(channel) ?? 0) + 1;
      perChannel.set(channel, n);
      const decision = gate.decide(channel, n);
      gate.arrivals.push({ channel, decision, at: Date.now() });
      if (decision === 'hold') {
        heldResponses.add(res);
        gate.held = heldResponses.size;
        res.on('close', () => heldResponses.delete(res));
        return;
      }
      if (decision === '500') return reply(res, 500, JSON.stringify({ ok: false, error: 'internal_error' }));
      if (typeof decision === 'object')
        return reply(res, 429, JSON.stringify({ ok: false, error: 'ratelimited' }), {
          'retry-after': String(decision.retryAfterSeconds),
        });
    }
    const upstream = await fetch(new URL(method, targetApiUrl), {
      method: req.method ?? 'POST',
      headers: {
        ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      },
      ...(req.method === 'GET' ? {} : { body }),
    });
    const headers: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (!['content-length', 'transfer-encoding', 'connection'].includes(k)) headers[k] = v;
    });
    reply(res, upstream.status, await upstream.text(), headers);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 502, JSON.stringify({ ok: false, error: String(error) })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const gate: ChatGate = {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    arrivals: [],
    held: 0,
    decide,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of heldResponses) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return gate;
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
