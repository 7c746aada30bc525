// The bot's command p99 through the real process (dist/main.js, console adapter) while a hostile page (4,000 nested
// <div>s, over a minute in Readability on the main thread) is being ingested from a feed, next to the quiet figure.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SEED_FILE } from '../lib/common.mjs';

export const name = 'hostile-ingest';

const page = `<!doctype html><html><body>${'<div>'.repeat(4000)}<p>${'Agencies buy cloud services. '.repeat(10)}</p>${'</div>'.repeat(4000)}</body></html>`;

async function measure(feedUrl, hostileHits) {
  const dir = mkdtempSync(join(tmpdir(), 'govai-bench-hostile-'));
  mkdirSync(join(dir, 'briefings'));
  cpSync(SEED_FILE, join(dir, 'briefings', 'seed.md'));
  const feeds = feedUrl ? `feeds:\n  - url: ${feedUrl}\n    every: 1h\n` : '';
  writeFileSync(join(dir, 'govai.config.yaml'), `admins: [console]\nfetch:\n  allowPrivateNetworks: true\n${feeds}`);
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', GOVAI_CONSOLE: '1', GOVAI_DB: join(dir, 'govai.db'), LOG_LEVEL: 'info' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const until = async (ok, ms = 30_000) => {
    const t = Date.now();
    while (!ok()) {
      if (Date.now() - t > ms) throw new Error('bench: timed out');
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  try {
    await until(() => err.includes('watching briefings and feeds'));
    if (feedUrl) await until(() => hostileHits() > 0);
    const times = [];
    for (let i = 0; i < 60; i++) {
      const mark = out.length;
      const t = performance.now();
      child.stdin.write('/govai list\n');
      await until(() => out.slice(mark).includes('anthropic-intelligence-agencies'));
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return {
      p50: times[Math.floor(times.length * 0.5)],
      p99: times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)],
    };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.url === '/page.html') {
      hits++;
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    const link = `http://127.0.0.1:${server.address().port}/page.html`;
    res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>H</title><item><title>Hostile</title><link>${link}</link><guid>h</guid><description>short</description></item></channel></rss>`,
      );
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const quiet = await measure(undefined, () => 0);
    const hostile = await measure(`http://127.0.0.1:${server.address().port}/feed.xml`, () => hits);
    const f = (n) => `${n.toFixed(1)} ms`;
    return [
      {
        title:
          'Command latency through the real process (console, /govai list x60), quiet vs. while a hostile page is ingested',
        columns: ['condition', 'p50', 'p99', 'p99 / quiet p99'],
        rows: [
          ['quiet (no feeds)', f(quiet.p50), f(quiet.p99), '1.00x'],
          [
            'hostile page in a worker (4,000 nested divs)',
            f(hostile.p50),
            f(hostile.p99),
            `${(hostile.p99 / quiet.p99).toFixed(2)}x`,
          ],
        ],
        notes: [
          'Target: within 2x of quiet. Before worker isolation the same page held the event loop for over a minute (no answer at all).',
        ],
      },
    ];
  } finally {
    server.close();
  }
}
