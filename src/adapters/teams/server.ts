import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CloudAdapter, Request as SdkRequest, TurnContext } from '@microsoft/agents-hosting';
import type { Logger } from '../../log/logger.js';
import type { TokenValidator } from './auth.js';

// The bot's HTTP endpoint: POST /api/messages. Every request must carry a valid Bot Framework JWT (auth.ts);
// anything else is refused with 401 before the SDK sees it, so a forged request never produces a reply.
// The body is bounded, and a bad request is a 4xx with a short reason, never a crash.

export const MESSAGES_PATH = '/api/messages';
const MAX_BODY_BYTES = 1_048_576;

export interface TeamsServerOptions {
  adapter: CloudAdapter;
  validator: TokenValidator;
  logger: Logger;
  logic: (context: TurnContext) => Promise<void>;
}

export function createTeamsServer(options: TeamsServerOptions): Server {
  const { logger } = options;
  const warned = new Set<string>();
  return createServer((req, res) => {
    handle(options, req, res, warned).catch((error: unknown) => {
      logger.error({ err: error }, 'Teams request failed');
      if (!res.headersSent) reply(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
}

async function handle(
  options: TeamsServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  warned: Set<string>,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  if (path !== MESSAGES_PATH) return reply(res, 404, { error: `not found: the bot listens at ${MESSAGES_PATH}` });
  if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' });
  const raw = await readBody(req);
  if (raw === undefined) return reply(res, 413, { error: 'body too large' });
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
  } catch {
    return reply(res, 400, { error: 'the body is not a JSON activity' });
  }
  const auth = await options.validator.validate(req.headers.authorization, body);
  if (!auth.ok) {
    // One line per reason at warn, the rest at debug: a scanner hitting the endpoint must not flood the log.
    const level = warned.has(auth.reason) ? 'debug' : 'warn';
    warned.add(auth.reason);
    options.logger[level]({ reason: auth.reason, remote: req.socket.remoteAddress }, 'Teams: request refused (401)');
    return reply(res, 401, { error: 'unauthorized' });
  }
  const sdkReq: SdkRequest = {
    body,
    headers: req.headers as SdkRequest['headers'],
    method: 'POST',
    user: auth.claims as SdkRequest['user'],
  };
  await options.adapter.process(sdkReq, responseShim(res), options.logic);
  if (!res.writableEnded) res.end();
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Express-like response the SDK writes to. */
function responseShim(res: ServerResponse) {
  const shim = {
    get headersSent() {
      return res.headersSent;
    },
    get writableEnded() {
      return res.writableEnded;
    },
    status(code: number) {
      res.statusCode = code;
      return shim;
    },
    setHeader(name: string, value: string) {
      res.setHeader(name, value);
      return shim;
    },
    send(body: unknown) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) res.write(body);
      else if (body !== undefined) {
        if (!res.headersSent && !res.getHeader('content-type')) res.setHeader('content-type', 'application/json');
        res.write(JSON.stringify(body));
      }
      return shim;
    },
    end() {
      res.end();
      return shim;
    },
  };
  return shim as unknown as Parameters<CloudAdapter['process']>[1];
}
