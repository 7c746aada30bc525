import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { FAKE_IDS, snowflake } from './discord-payloads.js';
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  MESSAGE_CONTENT_INTENT,
  type RecordedRequest,
  type ScriptedResponse,
} from './fake-discord-types.js';
import type { RecordedJson } from './recorded-json.js';

export { directMessage, FAKE_IDS, slashInteraction, snowflake, userMessage } from './discord-payloads.js';

// A fake Discord: REST API (/api/v10/...) and gateway (/gateway) on one 127.0.0.1 port, speaking just enough
// of the real protocol for the real discord.js client (see ../shared/design/local-fakes.md). It records every
// request, so tests assert on exactly what the bot sent.

export { MESSAGE_CONTENT_INTENT } from './fake-discord-types.js';
export type { FakeDiscord, FakeDiscordOptions, RecordedRequest, ScriptedResponse } from './fake-discord-types.js';

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const requests: RecordedRequest[] = [];
  const identifies: Array<{ intents: number }> = [];
  const resumes: Array<{ session_id: string; seq: number }> = [];
  const scripted: ScriptedResponse[] = [];
  const knownChannels = new Set<string>([FAKE_IDS.channel]);
  const createdIn = new Map<string, Array<Record<string, unknown> & { id: string; nonce?: string; at: number }>>();
  const postDelays: number[] = [];
  const heldOpen = new Set<ServerResponse>();
  const nonceWindowMs = options.nonceWindowMs ?? 3 * 60_000;
  const registered = new Map<string, unknown[]>();
  let seq = 0;
  let socket: WebSocket | undefined;
  let ready = false;
  let intents = 0;
  // Events dispatched while no session is live; replayed after RESUME like Discord does.
  const backlog: Array<{ op: 0; t: string; s: number; d: unknown }> = [];
  const sessionId = `session-${snowflake()}`;
  const http: Server = createServer((req, res) => void handle(req, res));
  const wss = new WebSocketServer({ noServer: true });
  let port = 0;

  let lastUrl = '/';
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // multipart or text: keep it raw
    }
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    lastUrl = req.url ?? '/';
    const method = req.method ?? 'GET';
    requests.push({ method, path, headers: req.headers, body, at: Date.now() });
    const i = scripted.findIndex((s) => s.method === method && s.path.test(path));
    if (i >= 0) {
      const s = scripted.splice(i, 1)[0]!;
      return send(res, s.status, s.body, s.headers);
    }
    route(method, path, body, res);
  }

  function route(method: string, path: string, body: RecordedJson, res: ServerResponse) {
    const p = path.replace(/^\/api\/v10/, '');
    const channelGet = /^\/channels\/(\d+)$/.exec(p);
    const channelPost = /^\/channels\/(\d+)\/messages$/.exec(p);
    if (method === 'GET' && p === '/gateway/bot') {
      return send(res, 200, {
        url: `ws://127.0.0.1:${port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && p === '/users/@me') return send(res, 200, botUser());
    if (method === 'GET' && p === '/applications/@me') {
      return send(res, 200, {
        id: FAKE_IDS.app,
        name: 'govai',
        flags: options.applicationFlags ?? 1 << 19,
        bot: botUser(),
      });
    }
    if (method === 'GET' && channelGet) {
      const id = channelGet[1]!;
      if (options.forbiddenChannels?.includes(id)) return send(res, 403, { message: 'Missing Access', code: 50001 });
      if (!knownChannels.has(id)) return send(res, 404, { message: 'Unknown Channel', code: 10003 });
      return send(res, 200, channel(id));
    }
    if (method === 'POST' && channelPost) {
      const id = channelPost[1]!;
      if (!knownChannels.has(id)) return send(res, 404, { message: 'Unknown Channel', code: 10003 });
      const list = createdIn.get(id) ?? [];
      createdIn.set(id, list);
      const nonce = typeof body?.nonce === 'string' || typeof body?.nonce === 'number' ? String(body.nonce) : undefined;
      // enforce_nonce: the same author and nonce within the window returns the existing message, creating none.
      const existing =
        nonce && body?.enforce_nonce === true
          ? list.find((m) => m.nonce === nonce && Date.now() - m.at <= nonceWindowMs)
          : undefined;
      const created = existing ?? { ...message(id, body), ...(nonce ? { nonce } : {}), at: Date.now() };
      if (!existing) list.push(created);
      const delay = postDelays.shift();
      const { at: _at, ...answer } = created;
      if (delay === undefined) return send(res, 200, answer);
      if (!Number.isFinite(delay)) {
        heldOpen.add(res);
        res.on('close', () => heldOpen.delete(res));
        return;
      }
      setTimeout(() => send(res, 200, answer), delay);
      return;
    }
    if (method === 'GET' && channelPost) {
      // Newest first, like Discord; `after` is a snowflake, compared here by the time it encodes.
      const query = new URL(lastUrl, 'http://x').searchParams;
      const afterMs = query.has('after') ? Number((BigInt(query.get('after')!) >> 22n) + 1_420_070_400_000n) : 0;
      const limit = Math.min(100, Number(query.get('limit') ?? 50));
      const list = (createdIn.get(channelPost[1]!) ?? []).filter((m) => m.at > afterMs);
      return send(
        res,
        200,
        list
          .slice(-limit)
          .reverse()
          .map(({ at: _at, nonce: _n, ...m }) => m),
      );
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(p)) return send(res, 204);
    if (method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(p))
      return send(res, 200, message(FAKE_IDS.channel, body));
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(p)) return send(res, 200, message(FAKE_IDS.channel, body));
    if (method === 'PUT' && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(p)) {
      const list = Array.isArray(body) ? body : [];
      registered.set(
        p,
        list.map((c: object) => ({ ...c, id: snowflake(), application_id: FAKE_IDS.app, version: '1' })),
      );
      return send(res, 200, registered.get(p));
    }
    if (method === 'GET' && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(p))
      return send(res, 200, registered.get(p) ?? []);
    send(res, 404, { message: `fake discord: no route for ${method} ${p}`, code: 0 });
  }

  const role = (id: string, name: string, position: number) => ({
    id,
    name,
    color: 0,
    hoist: false,
    position,
    permissions: '0',
    managed: false,
    mentionable: false,
    flags: 0,
  });
  const botUser = () => ({ id: FAKE_IDS.bot, username: 'govai', discriminator: '0', bot: true, avatar: null });
  const channel = (id: string) => ({ id, type: 0, name: `channel-${id}`, guild_id: FAKE_IDS.guild });
  const message = (channelId: string, body: RecordedJson) => ({
    id: snowflake(),
    channel_id: channelId,
    author: botUser(),
    content: typeof body?.content === 'string' ? body.content : '',
    embeds: Array.isArray(body?.embeds) ? body.embeds : [],
    timestamp: new Date().toISOString(),
    type: body?.message_reference ? 19 : 0,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    pinned: false,
    edited_timestamp: null,
    flags: 0,
  });

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    if (body === undefined) {
      res.writeHead(status, headers).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  http.on('upgrade', (req, sock, head) => {
    if (!(req.url ?? '').startsWith('/gateway')) return sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => onConnection(ws));
  });

  function raw(ws: WebSocket, payload: unknown): void {
    // TEXT frames: discord.js without zlib-sync ignores binary ones.
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload), { binary: false });
  }

  function onConnection(ws: WebSocket): void {
    fake.connections += 1;
    socket = ws;
    ready = false;
    raw(ws, { op: 10, d: { heartbeat_interval: 1000 } });
    ws.on('message', (data) => {
      const packet = JSON.parse(data.toString()) as { op: number; d: RecordedJson };
      if (packet.op === 1) raw(ws, { op: 11 });
      else if (packet.op === 2) identify(ws, packet.d);
      else if (packet.op === 6) resume(ws, packet.d);
    });
    ws.on('close', () => {
      if (socket === ws) {
        socket = undefined;
        ready = false;
      }
    });
  }

  function identify(ws: WebSocket, d: { intents: number }): void {
    identifies.push({ intents: d.intents });
    if (options.refuseMessageContent && (d.intents & MESSAGE_CONTENT_INTENT) !== 0) {
      ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    intents = d.intents;
    seq += 1;
    raw(ws, {
      op: 0,
      t: 'READY',
      s: seq,
      d: {
        v: 10,
        user: botUser(),
        guilds: [{ id: FAKE_IDS.guild, unavailable: true }],
        session_id: sessionId,
        resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
        application: { id: FAKE_IDS.app, flags: 0 },
      },
    });
    seq += 1;
    raw(ws, {
      op: 0,
      t: 'GUILD_CREATE',
      s: seq,
      d: {
        id: FAKE_IDS.guild,
        name: 'Fake Guild',
        owner_id: '1',
        unavailable: false,
        member_count: 2,
        channels: [...knownChannels].map((id) => ({ id, type: 0, name: `channel-${id}` })),
        threads: [],
        roles: [role(FAKE_IDS.guild, '@everyone', 0), role(FAKE_IDS.adminRole, 'govai-admins', 1)],
        emojis: [],
        stickers: [],
        features: [],
        members: [],
        presences: [],
        voice_states: [],
        guild_scheduled_events: [],
      },
    });
    ready = true;
    flush(ws);
  }

  function resume(ws: WebSocket, d: { session_id: string; seq: number }): void {
    resumes.push({ session_id: d.session_id, seq: d.seq });
    ready = true;
    flush(ws);
    raw(ws, { op: 0, t: 'RESUMED', s: seq, d: {} });
  }

  function flush(ws: WebSocket): void {
    for (const packet of backlog.splice(0)) raw(ws, packet);
  }

  function shapeForIntents(t: string, d: RecordedJson): unknown {
    // Without the Message Content intent, Discord blanks content except when the bot is mentioned.
    if (t !== 'MESSAGE_CREATE' || (intents & MESSAGE_CONTENT_INTENT) !== 0) return d;
    const mentioned = Array.isArray(d.mentions) && d.mentions.some((u: { id: string }) => u.id === FAKE_IDS.bot);
    return mentioned ? d : { ...d, content: '', embeds: [] };
  }

  const fake: FakeDiscord = {
    url: '',
    apiUrl: '',
    requests,
    identifies,
    resumes,
    connections: 0,
    script: (r) => void scripted.push(r),
    dispatch(t, d) {
      seq += 1;
      const packet = { op: 0 as const, t, s: seq, d: shapeForIntents(t, d) };
      if (socket && ready) raw(socket, packet);
      else backlog.push(packet);
    },
    ensureChannel(id) {
      if (knownChannels.has(id)) return;
      knownChannels.add(id);
      fake.dispatch('CHANNEL_CREATE', {
        id,
        type: 0,
        name: `channel-${id}`,
        guild_id: FAKE_IDS.guild,
        position: 0,
        permission_overwrites: [],
      });
    },
    openDm(id) {
      knownChannels.add(id);
    },
    ensureThread(id, parentId) {
      if (knownChannels.has(id)) return;
      knownChannels.add(id);
      fake.dispatch('THREAD_CREATE', {
        id,
        type: 11,
        guild_id: FAKE_IDS.guild,
        parent_id: parentId,
        name: `thread-${id}`,
        owner_id: '300000000000000001',
        message_count: 0,
        member_count: 1,
        rate_limit_per_user: 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: 1440,
          archive_timestamp: new Date().toISOString(),
          locked: false,
        },
        newly_created: true,
      });
    },
    sendRaw(frame) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(frame, { binary: false });
      return true;
    },
    dropConnection() {
      ready = false;
      socket?.terminate();
      socket = undefined;
    },
    messagesTo: (re) => requests.filter((r) => r.method !== 'GET' && re.test(r.path)),
    created: (channelId) =>
      (createdIn.get(channelId) ?? []).map((m) => ({
        id: m.id,
        at: m.at,
        content: String(m.content ?? ''),
        embeds: (m.embeds as unknown[]) ?? [],
        ...(m.nonce ? { nonce: m.nonce } : {}),
      })),
    slowPosts(times, delayMs) {
      for (let i = 0; i < times; i++) postDelays.push(delayMs);
    },
    async close() {
      for (const r of heldOpen) r.destroy();
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  port = (http.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${port}`;
  fake.apiUrl = `http://127.0.0.1:${port}/api`;
  return fake;
}
