import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/ingest/net-guard.js';
import { FetchError, safeFetch } from '../../src/ingest/safe-fetch.js';
import { html, startFixtureServer, testPolicy, type FixtureServer } from './helpers.js';

let server: FixtureServer;
let bytesSent = 0;

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/page', html('<p>hello</p>'));
  server.route('/to-metadata', (_req, res) =>
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
  );
  server.route('/to-lan', (_req, res) => res.writeHead(301, { location: 'http://10.0.0.1/admin' }).end());
  server.route('/to-name', (_req, res) => res.writeHead(302, { location: 'http://intranet.corp.test/secret' }).end());
  server.route('/to-page', (_req, res) => res.writeHead(307, { location: '/page' }).end());
  server.route('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
  server.route('/missing', (_req, res) => res.writeHead(500).end('boom'));
  server.route('/hang', () => undefined);
  // 20 MB streamed in chunks without a Content-Length: the limit must be enforced while reading.
  server.route('/huge', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = 20 * 1_048_576;
    const pump = () => {
      while (left > 0) {
        left -= chunk.length;
        bytesSent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => {
      left = 0;
    });
    pump();
  });
  server.route('/huge-declared', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(20 * 1_048_576) });
    res.write('<p>start</p>');
  });
});

afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error('expected a FetchError');
}

describe('safeFetch limits', () => {
  it('fetches from loopback when loopback is explicitly allowed, following same-host redirects', async () => {
    const r = await safeFetch(server.url('/to-page'), testPolicy());
    expect(r.status).toBe(200);
    expect(r.url).toBe(server.url('/page'));
    expect(r.body.toString()).toBe('<p>hello</p>');
  });

  it('refuses loopback by default (no allow-list)', async () => {
    const e = await failure(safeFetch(server.url('/page'), testPolicy({ allowLoopback: false })));
    expect(e.kind).toBe('refused');
    expect(e.message).toMatch(/127\.0\.0\.1.*private or local network address.*fetch\.allowPrivateNetworks/);
  });

  it('refuses a redirect to the cloud metadata address before connecting to it', async () => {
    const e = await failure(safeFetch(server.url('/to-metadata'), testPolicy({ timeoutMs: 60_000 })));
    // A connection attempt would end as 'timeout' or 'network'; 'refused' means the hop was never made.
    expect(e.kind).toBe('refused');
    expect(e.message).toContain('redirected to http://169.254.169.254/latest/meta-data/');
    expect(e.message).toContain('private or local network address');
  });

  it('refuses a redirect to a private LAN address', async () => {
    const e = await failure(safeFetch(server.url('/to-lan'), testPolicy({ timeoutMs: 60_000 })));
    expect(e.kind).toBe('refused');
    expect(e.message).toContain('http://10.0.0.1/admin');
  });

  it('resolves host names of redirect targets and refuses private answers', async () => {
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return ['192.168.1.20'];
    };
    const e = await failure(safeFetch(server.url('/to-name'), testPolicy({ resolve })));
    expect(asked).toEqual(['intranet.corp.test']);
    expect(e.kind).toBe('refused');
    expect(e.message).toContain('intranet.corp.test resolves to 192.168.1.20');
  });

  it('allows private and loopback targets when the config says so', async () => {
    const r = await safeFetch(server.url('/page'), testPolicy({ allowLoopback: false, allowPrivateNetworks: true }));
    expect(r.status).toBe(200);
  });

  it('refuses a 20 MB page while streaming it, with a message naming the limit', async () => {
    bytesSent = 0;
    const e = await failure(safeFetch(server.url('/huge'), testPolicy({ maxBytes: 1_048_576 })));
    expect(e.kind).toBe('too-large');
    expect(e.message).toContain('larger than the limit of 1 MB (fetch.maxBytes)');
    // The download was cut short: far less than the 20 MB was produced.
    expect(bytesSent).toBeLessThan(10 * 1_048_576);
  });

  it('refuses a declared oversize body without reading it', async () => {
    const e = await failure(safeFetch(server.url('/huge-declared'), testPolicy({ maxBytes: 5 * 1_048_576 })));
    expect(e.kind).toBe('too-large');
    expect(e.message).toContain('5 MB');
  });

  it('times out a server that never answers', async () => {
    const e = await failure(safeFetch(server.url('/hang'), testPolicy({ timeoutMs: 300 })));
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain('did not answer within 300 ms (fetch.timeoutMs)');
  });

  it('counts a slow name lookup against the timeout', async () => {
    const resolve = () => new Promise<string[]>(() => undefined);
    const e = await failure(safeFetch('http://slow-dns.test/feed.xml', testPolicy({ timeoutMs: 200, resolve })));
    expect(e.kind).toBe('timeout');
  });

  it('reports HTTP errors, redirect loops and non-http schemes clearly', async () => {
    expect((await failure(safeFetch(server.url('/missing'), testPolicy()))).message).toMatch(/answered HTTP 500/);
    expect((await failure(safeFetch(server.url('/loop'), testPolicy()))).kind).toBe('redirects');
    const ftp = await failure(safeFetch('ftp://example.org/file', testPolicy()));
    expect(ftp.kind).toBe('refused');
    expect(ftp.message).toContain('only http and https');
    expect((await failure(safeFetch('file:///etc/passwd', testPolicy({ allowPrivateNetworks: true })))).kind).toBe(
      'refused',
    );
  });
});

describe('the guard at connect time (the socket actually connected)', () => {
  const noLoopback = (over: Parameters<typeof testPolicy>[0] = {}) => testPolicy({ allowLoopback: false, ...over });
  const port = () => new URL(server.url('/')).port;

  it('stops DNS rebinding: a name that resolves public for the check and to 127.0.0.1 for the connection', async () => {
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return answers.shift() ?? ['127.0.0.1'];
    };
    const before = server.requests.length;
    const e = await failure(safeFetch(`http://rebind.test:${port()}/page`, noLoopback({ resolve })));
    expect(asked).toEqual(['rebind.test', 'rebind.test']);
    expect(e.kind).toBe('refused');
    expect(e.message).toContain('rebind.test connected to 127.0.0.1');
    expect(e.message).toContain('private or local network address');
    // Not one HTTP request reached the loopback server.
    expect(server.requests.length).toBe(before);
  });

  it.each([
    'http://0x7f000001:PORT/page',
    'http://2130706433:PORT/page',
    'http://127.1:PORT/page',
    'http://0177.0.0.1:PORT/page',
    'http://[::ffff:127.0.0.1]:PORT/page',
    'http://[::ffff:7f00:1]:PORT/page',
  ])('refuses the loopback literal %s without sending a request', async (literal) => {
    const before = server.requests.length;
    const e = await failure(safeFetch(literal.replace('PORT', port()), noLoopback()));
    expect(e.kind).toBe('refused');
    expect(server.requests.length).toBe(before);
  });

  it('still connects when the connected address is allowed', async () => {
    const resolve = async () => ['127.0.0.1'];
    const r = await safeFetch(`http://mirror.test:${port()}/page`, testPolicy({ resolve }));
    expect(r.body.toString()).toBe('<p>hello</p>');
  });
});

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.1', true],
    ['172.16.5.4', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['2001:4860:4860::8888', false],
    // Tunnels and deprecated forms that embed or reach other networks (issue 11).
    ['2002:7f00:1::1', true], // 6to4 of 127.0.0.1
    ['2002:808:808::1', true], // 6to4 at all
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', true], // Teredo
    ['::127.0.0.1', true], // IPv4-compatible
    ['::8.8.8.8', true],
    ['fec0::1', true], // site-local
    ['100::1', true], // discard-only
    ['::ffff:7f00:1', true], // mapped 127.0.0.1 in hex
    ['0:0:0:0:0:ffff:a00:1', true], // mapped 10.0.0.1, long form
    ['::ffff:808:808', false],
    ['2606:4700::1111', false],
  ])('%s -> %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
