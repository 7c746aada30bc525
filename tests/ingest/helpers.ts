import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { FetchPolicy } from '../../src/ingest/safe-fetch.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ingest');
export const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 serving fixture pages and feeds; routes can be swapped during a test. */
export interface FixtureServer {
  url(pathname: string): string;
  route(pathname: string, handler: Handler): void;
  /** Every request received, in order (method, path, headers). */
  requests: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, Handler>();
  const requests: FixtureServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path: req.url ?? '/', headers: req.headers });
    const handler = routes.get(pathname);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    route: (p, h) => void routes.set(p, h),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const send =
  (body: string, type: string, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type, ...headers }).end(body);
  };

export const html = (body: string) => send(body, 'text/html; charset=utf-8');

/** Loopback allowed (the fixture server), everything else private still refused. */
export const testPolicy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({
  timeoutMs: 10_000,
  maxBytes: 5 * 1_048_576,
  allowPrivateNetworks: false,
  allowLoopback: true,
  ...over,
});

export async function tempDir(prefix = 'govai-ingest-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A pino logger whose JSON lines are kept for assertions. */
export function captureLogger(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      out.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return {
    logger: pino({ level: 'debug' }, stream),
    lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Polls a condition (no fixed sleeps): resolves when it holds, fails with the last value after the timeout. */
export async function waitFor<T>(probe: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}

export interface RssItem {
  guid: string;
  title: string;
  link: string;
  pubDate: string;
  html: string;
}

export function rssFeed(title: string, items: RssItem[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${esc(title)}</title><link>https://example.org/</link><description>test</description>
${items
  .map(
    (i) =>
      `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid ` +
      `isPermaLink="false">${esc(i.guid)}</guid><pubDate>${new Date(i.pubDate).toUTCString()}</pubDate><content:encoded><![CDATA[${i.html}]]></content:encoded></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

const VOCAB = (
  'agency budget pilot model review audit council office program contract vendor cloud security data privacy ' +
  'report rule memo guidance deadline grant lab study survey tool chatbot record inventory risk safety test ' +
  'officer staff public citizen service portal benefit claim visa tax health grid energy weather climate ' +
  'court judge law bill senate house committee hearing testimony oversight inspector general watchdog ' +
  'procurement award summit workshop training standard framework profile evaluation benchmark accuracy ' +
  'translation forecast fraud detection imaging satellite drone border port customs veteran student loan'
).split(' ');

/** A paragraph-rich body long enough to count as full text, distinct per topic (seeded word choice). */
export function longHtml(topic: string, n = 3): string {
  let seed = [...topic].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261);
  const next = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed;
  };
  const sentence = () => {
    const words = Array.from({ length: 10 + (next() % 8) }, () => VOCAB[next() % VOCAB.length]!);
    return `${topic} ${words.join(' ')}.`;
  };
  return Array.from({ length: n }, () => `<p>${Array.from({ length: 4 }, sentence).join(' ')}</p>`).join('');
}
