// The bot's command p99 through the real process (dist/main.js) while a hostile page (4,000 nested <div>s, over a
// minute in Readability on the main thread) is being ingested from a feed, next to the quiet figure: Slack slash
// commands (signed `/govai summary` through Bolt's HTTP receiver, answered in the ack; the figure) and the
// console adapter (`/govai list` on stdin).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SEED_FILE } from '../lib/common.mjs';
import { freePort, SLACK_BENCH_SECRET, signed } from '../lib/slack-signing.mjs';

export const name = 'hostile-ingest';

const page = `<!doctype html><html><body>${'<div>'.repeat(4000)}<p>${'Agencies buy cloud services. '.repeat(10)}</p>${'</div>'.repeat(4000)}</body></html>`;

const SECRET = SLACK_BENCH_SECRET;
const COUNT = 200;
/** Unmeasured first commands: they pay for JIT compilation and lazy loading, in both conditions alike. */
const WARMUP = 20;

const percentiles = (times) => {
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length * 0.5)],
    p99: times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)],
  };
};

/** `via`: 'console' (stdin /govai list) or 'slack' (signed /govai summary through Bolt, with `slackApi` faked). */
async function measure(via, feedUrl, hostileHits, slackApi) {
  const dir = mkdtempSync(join(tmpdir(), 'govai-bench-hostile-'));
  mkdirSync(join(dir, 'briefings'));
  cpSync(SEED_FILE, join(dir, 'briefings', 'seed.md'));
  const feeds = feedUrl ? `feeds:\n  - url: ${feedUrl}\n    every: 1h\n` : '';
  writeFileSync(join(dir, 'govai.config.yaml'), `admins: [console]\nfetch:\n  allowPrivateNetworks: true\n${feeds}`);
  const port = via === 'slack' ? await freePort() : 0;
  const slackEnv =
    via === 'slack'
      ? { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApi, PORT: String(port) }
      : {};
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      GOVAI_CONSOLE: via === 'console' ? '1' : '0',
      GOVAI_DB: join(dir, 'govai.db'),
      LOG_LEVEL: 'info',
      ...slackEnv,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const until = async (ok, ms = 30_000) => {
    const t = Date.now();
    while (!ok()) {
      if (Date.now() - t > ms) throw new Error(`bench: timed out\n${err.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  // Whether the hostile page was still being processed when the last command was answered (it is refused after
  // its 15 s budget): the figures are only "during a hostile ingest" if it was.
  const refused = () => /refused|budget/.test(err.slice(err.indexOf('page.html')));
  try {
    await until(() => err.includes('watching briefings and feeds'));
    if (via === 'slack') await until(() => err.includes('Slack adapter listening'));
    if (feedUrl) await until(() => hostileHits() > 0);
    const times = [];
    if (via === 'console')
      for (let i = 0; i < WARMUP + COUNT; i++) {
        const mark = out.length;
        const t = performance.now();
        child.stdin.write('/govai list\n');
        await until(() => out.slice(mark).includes('anthropic-intelligence-agencies'));
        if (i >= WARMUP) times.push(performance.now() - t);
      }
    else {
      const url = `http://127.0.0.1:${port}/slack/events`;
      for (let i = 0; i < WARMUP + COUNT; i++) {
        const body = new URLSearchParams({
          command: '/govai',
          text: 'summary',
          user_id: 'U1',
          channel_id: 'C1',
          team_id: 'T1',
          trigger_id: `bench.${i}.${Date.now()}`,
          response_url: `${slackApi.replace(/\/api\/$/, '')}/respond/${i}`,
        }).toString();
        const t = performance.now();
        const res = await fetch(url, { method: 'POST', headers: signed(body), body });
        const text = await res.text();
        if (res.status !== 200 || !text.includes('Anthropic')) throw new Error(`bench: slash ${res.status} ${text}`);
        if (i >= WARMUP) times.push(performance.now() - t);
      }
    }
    return { ...percentiles(times), stillIngesting: feedUrl ? !refused() : undefined };
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
  // Slack's Web API (auth.test at start-up; every other method ok) for the Slack rows.
  const slack = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body =
        req.url === '/api/auth.test'
          ? { ok: true, team_id: 'T1', user_id: 'UBOT', bot_id: 'B1', user: 'govai', team: 'Bench' }
          : { ok: true, ts: '1.1' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise((r) => slack.listen(0, '127.0.0.1', r));
  const slackApi = `http://127.0.0.1:${slack.address().port}/api/`;
  try {
    const feed = `http://127.0.0.1:${server.address().port}/feed.xml`;
    const slashQuiet = await measure('slack', undefined, () => 0, slackApi);
    const slashHostile = await measure('slack', feed, () => hits, slackApi);
    const quiet = await measure('console', undefined, () => 0);
    const hostile = await measure('console', feed, () => hits);
    const f = (n) => `${n.toFixed(1)} ms`;
    const during = (m) => (m.stillIngesting ? 'yes' : 'no (refused before the last command)');
    return [
      {
        title: `Slack slash-command latency through the real process (signed /govai summary x${COUNT} after ${WARMUP} unmeasured, through Bolt, answered in the ack), quiet vs. while a hostile page is ingested`,
        columns: ['condition', 'p50', 'p99', 'p99 / quiet p99', 'page still being processed at the end'],
        rows: [
          ['quiet (no feeds)', f(slashQuiet.p50), f(slashQuiet.p99), '1.00x', '-'],
          [
            'hostile page in a worker (4,000 nested divs)',
            f(slashHostile.p50),
            f(slashHostile.p99),
            `${(slashHostile.p99 / slashQuiet.p99).toFixed(2)}x`,
            during(slashHostile),
          ],
        ],
        notes: ['Target (issue 11): the hostile p99 within 2x of the quiet p99.'],
      },
      {
        title: `Command latency through the real process (console, /govai list x${COUNT} after ${WARMUP} unmeasured), quiet vs. while a hostile page is ingested`,
        columns: ['condition', 'p50', 'p99', 'p99 / quiet p99', 'page still being processed at the end'],
        rows: [
          ['quiet (no feeds)', f(quiet.p50), f(quiet.p99), '1.00x', '-'],
          [
            'hostile page in a worker (4,000 nested divs)',
            f(hostile.p50),
            f(hostile.p99),
            `${(hostile.p99 / quiet.p99).toFixed(2)}x`,
            during(hostile),
          ],
        ],
        notes: [
          'Target: within 2x of quiet. Before worker isolation the same page held the event loop for over a minute (no answer at all).',
        ],
      },
    ];
  } finally {
    server.close();
    slack.close();
  }
}
