import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';

// A fake Microsoft cloud on 127.0.0.1 for the real Agents SDK:
// - Bot Framework OpenID metadata + JWKS whose key signs the test's incoming activities (RS256);
// - an Entra token endpoint for the bot's client-credentials grant;
// - a Bot Connector: POST /v3/conversations/{id}/activities and /v3/conversations/{id}/activities/{replyToId},
//   which checks the bearer token it issued, and can answer 429 with Retry-After or 403 for a removed bot.

export const TEAMS_APP_ID = '11111111-2222-3333-4444-555555555555';
export const TEAMS_TENANT_ID = '99999999-8888-7777-6666-555555555555';
export const TEAMS_APP_PASSWORD = 'test-secret-value';
export const BOT_ID = `28:${TEAMS_APP_ID}`;
export const ISSUER = 'https://api.botframework.com';

export interface ConnectorPost {
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  at: number;
}

const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forgedKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'fake-kid-1';
/** A genuine key of the same OpenID metadata, but endorsed only for another channel (Web Chat), not for msteams. */
const webchatKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const WEBCHAT_KID = 'fake-kid-webchat';

export class FakeTeams {
  server: Server;
  url = '';
  posts: ConnectorPost[] = [];
  tokenRequests: Array<Record<string, string>> = [];
  rejectedPosts = 0;
  /** Conversations the bot was removed from: the connector answers 403. */
  removed = new Set<string>();
  /** Next N posts to a conversation answer 429 with this Retry-After (seconds). */
  throttle = new Map<string, { times: number; retryAfter: number }>();
  /**
   * Posts to a conversation, by count (1 = its first post): 'hang' takes the post (recorded, as Teams would show it)
   * and answers only after `hangMs`, or once `hold` settles when a test set it; 'reset' takes it and drops the
   * connection unanswered; a number answers that HTTP status and posts nothing.
   */
  script = new Map<string, (n: number) => 'hang' | 'reset' | number | undefined>();
  hangMs = 2_000;
  hold: Promise<unknown> | undefined;
  /** Answers to hung posts written out in full (the late answer has reached the bot's socket). */
  lateAnswers = 0;
  /**
   * Microsoft Graph resource-specific consent grants, by team Entra group id or group-chat id; a team or chat not
   * listed answers 403 (it consented to no RSC permission, so the app may not even list its grants).
   */
  grants = new Map<string, Array<{ clientAppId: string; permission: string }>>();
  /** Bot Connector team details: the team's thread id -> its Entra group id (`GET /v3/teams/{id}`). */
  teamGroupIds = new Map<string, string>();
  graphRequests: string[] = [];
  private graphTokens = new Set<string>();
  private counts = new Map<string, number>();
  private issued = new Set<string>();
  private n = 0;

  constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, headers, late }) => {
          // 0: the post was taken, then the connection broke before any answer (a reset mid-request).
          if (status === 0) return void req.socket.destroy();
          if (late) res.once('finish', () => this.lateAnswers++);
          res.writeHead(status, { 'content-type': 'application/json', ...(headers ?? {}) }).end(JSON.stringify(body));
        },
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }

  /** The service URL activities carry (the connector's base). */
  get serviceUrl(): string {
    return `${this.url}/`;
  }

  /**
   * A channel's conversation as the store keeps it once the bot is installed there (teamsConversations.upsert):
   * a digest can then be sent to it with no message from it first.
   */
  channelConversation(conversationId: string) {
    return {
      conversationId,
      kind: 'channel' as const,
      updatedAt: Date.now(),
      reference: {
        serviceUrl: this.serviceUrl,
        channelId: 'msteams',
        conversation: { id: conversationId, conversationType: 'channel' },
        bot: { id: '28:bot' },
      },
    };
  }

  /** govai.config.yaml `teams:` section pointing every endpoint here. */
  configYaml(): string {
    return [
      'teams:',
      '  endpoints:',
      `    loginUrl: ${this.url}`,
      `    openIdMetadataUrl: ${this.url}/v1/.well-known/openidconfiguration`,
      `    issuer: ${ISSUER}`,
      `    serviceUrls: ["${this.serviceUrl}"]`,
      `    graphUrl: ${this.url}/graph`,
      '',
    ].join('\n');
  }

  env(): Record<string, string> {
    return { TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID };
  }

  /** A Bot Framework token for an incoming activity. */
  async sign(
    options: {
      audience?: string;
      expiresInSeconds?: number;
      forged?: boolean;
      serviceUrl?: string;
      /** Signed with the published key that is endorsed only for the `webchat` channel. */
      otherChannelKey?: boolean;
      /** No signature at all (`alg: none`), the claims otherwise right. */
      unsigned?: boolean;
    } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (options.expiresInSeconds ?? 3600);
    const claims = {
      serviceurl: options.serviceUrl ?? this.serviceUrl,
      iss: ISSUER,
      aud: options.audience ?? TEAMS_APP_ID,
      iat: Math.min(now, exp - 60),
      nbf: Math.min(now, exp - 60),
      exp,
    };
    if (options.unsigned) {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT', kid: KID })}.${part(claims)}.`;
    }
    const kid = options.otherChannelKey ? WEBCHAT_KID : KID;
    const signer = options.forged ? forgedKey : options.otherChannelKey ? webchatKey : key;
    return new SignJWT({ serviceurl: claims.serviceurl })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(options.audience ?? TEAMS_APP_ID)
      .setIssuedAt(Math.min(now, exp - 60))
      .setNotBefore(Math.min(now, exp - 60))
      .setExpirationTime(exp)
      .sign(signer.privateKey);
  }

  waitFor<T>(fn: () => T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const tick = () => {
        const v = fn();
        if (v !== undefined && v !== false) return resolve(v);
        if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
        setTimeout(tick, 10);
      };
      tick();
    });
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string>; late?: true }> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await new Promise<string>((r) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString('utf8')));
      req.on('end', () => r(s));
    });
    if (req.method === 'GET' && url.pathname === '/v1/.well-known/openidconfiguration') {
      return {
        status: 200,
        body: {
          issuer: ISSUER,
          jwks_uri: `${this.url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        },
      };
    }
    if (req.method === 'GET' && url.pathname === '/v1/.well-known/keys') {
      const jwk = await exportJWK(key.publicKey);
      const other = await exportJWK(webchatKey.publicKey);
      return {
        status: 200,
        body: {
          keys: [
            { ...jwk, kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] },
            { ...other, kid: WEBCHAT_KID, use: 'sig', alg: 'RS256', endorsements: ['webchat'] },
          ],
        },
      };
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && token) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      this.tokenRequests.push(form);
      if (token[1] !== TEAMS_TENANT_ID)
        return {
          status: 400,
          body: { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${token[1]}' not found.` },
        };
      if (
        form.grant_type !== 'client_credentials' ||
        form.client_id !== TEAMS_APP_ID ||
        form.client_secret !== TEAMS_APP_PASSWORD
      ) {
        return {
          status: 401,
          body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
        };
      }
      const access = `fake-access-${randomUUID()}`;
      // A token is good for the resource it was asked for: the connector's or Graph's, not both.
      if (form.scope === `${this.url}/graph/.default`) this.graphTokens.add(access);
      else this.issued.add(access);
      return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: access } };
    }
    const grants = /^\/graph\/v1\.0\/(teams|chats)\/([^/]+)\/permissionGrants$/.exec(url.pathname);
    if (req.method === 'GET' && grants) {
      this.graphRequests.push(`${grants[1]}/${decodeURIComponent(grants[2]!)}`);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !this.graphTokens.has(bearer))
        return { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'not a Graph token' } } };
      const list = this.grants.get(decodeURIComponent(grants[2]!));
      if (!list) return { status: 403, body: { error: { code: 'Forbidden', message: 'Missing role permissions' } } };
      return {
        status: 200,
        body: { value: list.map((g, i) => ({ id: `g${i}`, permissionType: 'Application', resourceAppId: 'x', ...g })) },
      };
    }
    const team = /^\/v3\/teams\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && team) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !this.issued.has(bearer)) return { status: 401, body: { error: { code: 'Unauthorized' } } };
      const id = decodeURIComponent(team[1]!);
      const aadGroupId = this.teamGroupIds.get(id);
      if (!aadGroupId) return { status: 404, body: { error: { code: 'NotFound', message: `team ${id}` } } };
      return { status: 200, body: { id, name: 'Gov AI', aadGroupId } };
    }
    const conv = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    if (req.method === 'POST' && conv) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !this.issued.has(bearer)) {
        this.rejectedPosts++;
        return { status: 401, body: { error: { code: 'Unauthorized', message: 'token not issued by the fake' } } };
      }
      const conversationId = decodeURIComponent(conv[1]!);
      const base = conversationId.split(';')[0]!;
      if (this.removed.has(base))
        return {
          status: 403,
          body: {
            error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
          },
        };
      const t = this.throttle.get(base);
      if (t && t.times > 0) {
        t.times--;
        return {
          status: 429,
          body: { error: { code: 'Throttled', message: 'slow down' } },
          headers: { 'retry-after': String(t.retryAfter) },
        };
      }
      const n = (this.counts.get(base) ?? 0) + 1;
      this.counts.set(base, n);
      const scripted = this.script.get(base)?.(n);
      if (typeof scripted === 'number')
        return { status: scripted, body: { error: { code: 'ServiceError', message: `scripted ${scripted}` } } };
      const activity = JSON.parse(raw) as Record<string, unknown>;
      this.posts.push({
        conversationId,
        ...(conv[2] ? { replyToId: decodeURIComponent(conv[2]) } : {}),
        activity,
        at: Date.now(),
      });
      const id = `m${++this.n}`;
      if (scripted === 'reset') return { status: 0, body: null };
      if (scripted === 'hang') {
        await (this.hold ?? new Promise((r) => setTimeout(r, this.hangMs)));
        return { status: 201, body: { id }, late: true };
      }
      return { status: 201, body: { id } };
    }
    return { status: 404, body: { error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } } };
  }
}

let seq = 0;

/** A channel message activity as Teams sends it (optionally with an @mention of the bot). */
export function channelMessage(
  fake: FakeTeams,
  text: string,
  options: {
    channel?: string;
    mention?: boolean;
    fromBot?: boolean;
    /** From govai itself (its own bot account). */
    fromSelf?: boolean;
    threadRoot?: string;
    id?: string;
  } = {},
) {
  const id = options.id ?? `${1_700_000_000_000 + ++seq}`;
  const channel = options.channel ?? '19:general@thread.tacv2';
  const mention = options.mention ? '<at>govai</at> ' : '';
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    timestamp: new Date().toISOString(),
    text: `${mention}${text}`,
    from: options.fromSelf
      ? { id: BOT_ID, name: 'govai' }
      : options.fromBot
        ? { id: '28:other-bot', name: 'Other bot', role: 'bot' }
        : { id: '29:user-1', name: 'Alice', aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001' },
    recipient: { id: BOT_ID, name: 'govai' },
    conversation: {
      id: `${channel};messageid=${options.threadRoot ?? id}`,
      conversationType: 'channel',
      tenantId: TEAMS_TENANT_ID,
      isGroup: true,
    },
    channelData: {
      tenant: { id: TEAMS_TENANT_ID },
      team: { id: channel, name: 'Gov AI' },
      channel: { id: channel, name: 'General' },
    },
    entities: options.mention
      ? [{ type: 'mention', text: '<at>govai</at>', mentioned: { id: BOT_ID, name: 'govai' } }]
      : [],
  };
}

export async function postActivity(
  botUrl: string,
  activity: unknown,
  token: string | undefined,
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
  return { status: res.status, body: await res.text() };
}
