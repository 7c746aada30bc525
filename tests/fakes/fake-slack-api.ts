import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseJson, parseParams, readBody, send } from './fake-slack-http.js';
import {
  type ApiCall,
  DEFAULT_SCOPES,
  FAKE_AUTH,
  type FakeSlackApi,
  type PostedMessage,
  type ResponseUrlPost,
} from './fake-slack-types.js';

export { type ApiCall, DEFAULT_SCOPES, FAKE_AUTH, type FakeSlackApi, type PostedMessage, type ResponseUrlPost };

/*
 * A fake Slack Web API (plus `response_url` endpoint) on 127.0.0.1, for tests and crash tests.
 *
 *   const slack = await startFakeSlackApi();          // port 0 unless { port }
 *   new App({ ..., clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } } })
 *   // or for the real process: SLACK_API_URL=<slack.apiUrl>
 *
 * Endpoints (POST, form-encoded or JSON; `Authorization: Bearer <token>` recorded):
 *   /api/auth.test             -> {"ok":true,"team_id":"T1","user_id":"UBOT","bot_id":"B1",...}; header x-oauth-scopes = slack.scopes
 *   /api/chat.postMessage      -> {"ok":true,"channel":C,"ts":"1700000000.000001",...}; recorded in slack.posts (blocks JSON-decoded)
 *                              `metadata` (JSON string) is decoded and stored with the message
 *   /api/conversations.history -> the channel's top-level messages, newest first, `oldest`/`latest`/`limit`/`cursor`
 *                              honoured; `metadata` included only with include_all_metadata=true (as Slack does)
 *   /api/conversations.replies -> the thread of `ts` (parent first), same paging and metadata rules
 *   /api/chat.update           -> ok, recorded in calls
 *   /api/conversations.info    -> {"ok":true,"channel":{"id":C,"name":"c-<id>","is_member":<bool>}}
 *   /api/conversations.members -> {"ok":true,"members":[UBOT?]}
 *   /api/conversations.join    -> ok, makes the bot a member
 *   any other /api/<method>    -> {"ok":true}
 *   /api/apps.connections.open -> {"ok":true,"url":"ws://127.0.0.1:PORT/socket"} (Socket Mode; app token recorded in calls)
 *   /respond/<id>              -> 200 "ok"; body JSON recorded in slack.responses (what Bolt's respond() sends)
 *   ws://.../socket            Socket Mode: sends `hello` on connect; slack.socketSend(type, payload) sends an
 *                              envelope and resolves to the client's ack payload
 *
 * State and scripting (mutate freely between requests):
 *   slack.calls                every Web API call: { method, params, token, status, at }
 *   slack.posts                successful chat.postMessage params, in arrival order
 *   slack.responses            response_url posts: { id, body }
 *   slack.scopes               scopes reported by auth.test (x-oauth-scopes)
 *   slack.authError            e.g. 'invalid_auth': auth.test and every method answer {"ok":false,"error":...}
 *   slack.notMember            Set of channel ids the bot is not in (is_member false; postMessage -> not_in_channel)
 *   slack.channelErrors        Map channel -> error string ('channel_not_found', ...) for postMessage/info/members
 *   slack.rateLimit(method, times, retryAfterSeconds = 1)   next `times` calls answer 429 + retry-after
 *   slack.serverError(method, times, status = 500)          next `times` calls answer that status
 *   slack.slowAnswers(method, times, delayMs)  next `times` calls are carried out (a post IS posted) but answered
 *                              only after delayMs (Infinity: never; the connection stays open until close)
 *   slack.holdAnswers(method, times)  the same, answered when the returned `release()` is called (a test acts
 *                              between the post and its answer, then lets the answers go without a fixed wait)
 *   slack.waitFor(pred, timeoutMs)                          polls slack state until pred() returns a value
 *   slack.responseUrl(id)      a URL to send as `response_url` in a slash command
 *   slack.socketSend(type, payload)  Socket Mode envelope ('slash_commands', 'events_api', 'interactive'), to the
 *                              most recent connection, or to connection `n` (0-based, in connect order) with
 *                              socketSend(type, payload, timeout, n); slack.socketConnections() counts open ones
 *                              (several replicas each hold one, as Slack allows up to 10 per app)
 *   slack.close()
 *
 * Standalone: `npx tsx tests/fakes/fake-slack-api.ts [port]` prints the API URL and logs each call as JSON lines.
 */

type Failure = { status: number; retryAfter?: number };

export async function startFakeSlackApi(
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<FakeSlackApi> {
  const failures = new Map<string, Failure[]>();
  const delays = new Map<string, Array<number | Promise<void>>>();
  const heldOpen = new Set<ServerResponse>();
  let tsCounter = 0;
  // Wall-clock seconds (history's `oldest` compares against them), a counter for uniqueness and order.
  let lastSec = 0;
  const nextTs = () => {
    lastSec = Math.max(lastSec, Math.floor(Date.now() / 1000));
    return `${lastSec}.${String(++tsCounter % 1_000_000).padStart(6, '0')}`;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const respondMatch = /^\/respond\/([^/]+)$/.exec(url.pathname);
    if (respondMatch) {
      fake.responses.push({ id: decodeURIComponent(respondMatch[1]!), body: parseJson(raw), at: Date.now() });
      options.log?.(JSON.stringify({ respond: respondMatch[1], body: parseJson(raw) }));
      return send(res, 200, 'ok', 'text/plain');
    }
    const apiMatch = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (!apiMatch) return send(res, 404, JSON.stringify({ ok: false, error: 'unknown_path' }));
    const method = apiMatch[1]!;
    const params = parseParams(raw, req.headers['content-type'] ?? '', url.searchParams);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ')
      ? auth.slice(7)
      : typeof params.token === 'string'
        ? params.token
        : undefined;
    const call: ApiCall = { method, params, ...(token ? { token } : {}), status: 200, at: Date.now() };
    fake.calls.push(call);
    options.log?.(JSON.stringify({ method, params }));

    const queued = failures.get(method)?.shift();
    if (queued) {
      call.status = queued.status;
      const headers: Record<string, string> =
        queued.retryAfter !== undefined ? { 'retry-after': String(queued.retryAfter) } : {};
      const error = queued.status === 429 ? 'ratelimited' : 'internal_error';
      call.error = error;
      return send(res, queued.status, JSON.stringify({ ok: false, error }), 'application/json', headers);
    }
    const result = answer(method, params);
    if (result.ok === false) call.error = String(result.error);
    const headers: Record<string, string> = method === 'auth.test' ? { 'x-oauth-scopes': fake.scopes.join(',') } : {};
    const delay = delays.get(method)?.shift();
    if (delay instanceof Promise) await delay;
    else if (delay !== undefined) {
      if (!Number.isFinite(delay)) {
        heldOpen.add(res);
        res.on('close', () => heldOpen.delete(res));
        return;
      }
      await new Promise((r) => setTimeout(r, delay));
    }
    return send(res, 200, JSON.stringify(result), 'application/json', headers);
  };

  const answer = (method: string, params: Record<string, unknown>): Record<string, unknown> => {
    if (fake.authError) return { ok: false, error: fake.authError };
    const channel = typeof params.channel === 'string' ? params.channel : undefined;
    const channelError = channel ? fake.channelErrors.get(channel) : undefined;
    switch (method) {
      case 'auth.test':
        return { ...FAKE_AUTH };
      case 'chat.postMessage': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (channelError) return { ok: false, error: channelError };
        if (fake.notMember.has(channel)) return { ok: false, error: 'not_in_channel' };
        const ts = nextTs();
        const blocks = typeof params.blocks === 'string' ? (parseJson(params.blocks) as unknown) : params.blocks;
        const metadata = typeof params.metadata === 'string' ? parseJson(params.metadata) : params.metadata;
        fake.posts.push({
          channel,
          ...(typeof params.text === 'string' ? { text: params.text } : {}),
          ...(Array.isArray(blocks) ? { blocks: blocks as Array<Record<string, unknown>> } : {}),
          ...(typeof params.thread_ts === 'string' ? { thread_ts: params.thread_ts } : {}),
          ts,
          ...(metadata && typeof metadata === 'object' ? { metadata: metadata as Record<string, unknown> } : {}),
          params,
        });
        return { ok: true, channel, ts, message: { text: params.text, ts, bot_id: FAKE_AUTH.bot_id } };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (channelError) return { ok: false, error: channelError };
        if (fake.notMember.has(channel)) return { ok: false, error: 'not_in_channel' };
        const withMeta = params.include_all_metadata === true || params.include_all_metadata === 'true';
        const oldest = Number(params.oldest ?? 0);
        const latest = params.latest !== undefined ? Number(params.latest) : Number.POSITIVE_INFINITY;
        const parent = typeof params.ts === 'string' ? params.ts : undefined;
        if (method === 'conversations.replies' && !parent) return { ok: false, error: 'invalid_arguments' };
        let list = fake.posts.filter((p) => p.channel === channel);
        if (method === 'conversations.history') {
          list = list.filter((p) => !p.thread_ts || p.thread_ts === p.ts).reverse();
          list = list.filter((p) => Number(p.ts) >= oldest && Number(p.ts) <= latest);
        } else {
          list = list.filter((p) => p.ts === parent || p.thread_ts === parent);
          list = list.filter((p) => p.ts === parent || (Number(p.ts) >= oldest && Number(p.ts) <= latest));
        }
        const limit = Math.max(1, Math.min(999, Number(params.limit ?? 100)));
        const start = Number(params.cursor ?? 0) || 0;
        const page = list.slice(start, start + limit);
        const more = start + limit < list.length;
        return {
          ok: true,
          messages: page.map((p) => ({
            type: 'message',
            ts: p.ts,
            text: p.text ?? '',
            bot_id: FAKE_AUTH.bot_id,
            user: FAKE_AUTH.user_id,
            ...(p.thread_ts ? { thread_ts: p.thread_ts } : {}),
            ...(withMeta && p.metadata ? { metadata: p.metadata } : {}),
          })),
          has_more: more,
          response_metadata: { next_cursor: more ? String(start + limit) : '' },
        };
      }
      case 'conversations.info':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (channelError) return { ok: false, error: channelError };
        return {
          ok: true,
          channel: {
            id: channel,
            name: `c-${channel.toLowerCase()}`,
            is_channel: true,
            is_member: !fake.notMember.has(channel),
          },
        };
      case 'conversations.members':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (channelError) return { ok: false, error: channelError };
        return {
          ok: true,
          members: fake.notMember.has(channel) ? ['U1'] : ['U1', FAKE_AUTH.user_id],
          response_metadata: { next_cursor: '' },
        };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/socket` };
      case 'conversations.join':
        if (channel) fake.notMember.delete(channel);
        return { ok: true, channel: { id: channel } };
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, JSON.stringify({ ok: false, error: String(error) })));
  });
  // Socket Mode: one WebSocket endpoint; envelopes go to the most recent connection.
  const wss = new WebSocketServer({ noServer: true });
  let socket: WebSocket | undefined;
  const sockets: WebSocket[] = [];
  const pendingAcks = new Map<string, (payload: Record<string, unknown>) => void>();
  let envelopeCounter = 0;
  server.on('upgrade', (req, sock, head) => {
    if (!req.url?.startsWith('/socket')) return sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      sockets.push(ws);
      ws.on('message', (data) => {
        const msg = parseJson(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (msg.envelope_id) pendingAcks.get(msg.envelope_id)?.(msg.payload ?? {});
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake' },
          connection_info: { app_id: 'A1' },
        }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const fake: FakeSlackApi = {
    url: base,
    apiUrl: `${base}/api/`,
    calls: [],
    posts: [],
    responses: [],
    scopes: [...DEFAULT_SCOPES],
    authError: undefined,
    notMember: new Set(),
    channelErrors: new Map(),
    rateLimit(method, times, retryAfterSeconds = 1) {
      queue(method, times, { status: 429, retryAfter: retryAfterSeconds });
    },
    serverError(method, times, status = 500) {
      queue(method, times, { status });
    },
    slowAnswers(method, times, delayMs) {
      const list = delays.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(delayMs);
      delays.set(method, list);
    },
    holdAnswers(method, times) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const list = delays.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(released);
      delays.set(method, list);
      return { release };
    },
    responseUrl: (id) => `${base}/respond/${encodeURIComponent(id)}`,
    socketConnections: () => sockets.filter((s) => s.readyState === 1 /* OPEN */).length,
    socketSend(type, payload, timeoutMs = 5_000, connection) {
      const ws = connection === undefined ? socket : sockets.filter((s) => s.readyState === 1 /* OPEN */)[connection];
      if (!ws) return Promise.reject(new Error('no Socket Mode client is connected'));
      const envelope_id = `env-${++envelopeCounter}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ack for ${type} envelope ${envelope_id} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        pendingAcks.set(envelope_id, (ack) => {
          clearTimeout(timer);
          pendingAcks.delete(envelope_id);
          resolve(ack);
        });
        ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api' }));
      });
    },
    async waitFor(pred, timeoutMs = 5_000, what = 'fake Slack state') {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const value = pred();
        if (value !== undefined) return value;
        if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 15));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of heldOpen) res.destroy();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function queue(method: string, times: number, failure: Failure) {
    const list = failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    failures.set(method, list);
  }

  return fake;
}

const isEntry = process.argv[1] !== undefined && import.meta.url === `file://${process.argv[1]}`;
if (isEntry) {
  startFakeSlackApi({ port: Number(process.argv[2] ?? 0), log: (line) => console.log(line) }).then((fake) =>
    console.log(`fake Slack Web API listening: SLACK_API_URL=${fake.apiUrl}`),
  );
}
