// Slash-command round trips through the real Bolt app on loopback. The bot runs as `npm start` does
// (node dist/main.js, HTTP mode) with its Web API pointed at a minimal fake Slack server in this process.
// Open-loop load: 50 signed `/govai` requests per second for 30 s (BENCH_SLACK_SECONDS to change), half
// `summary` (answered in the ack) and half `ask` (empty ack, answer POSTed to response_url).
// 20 unmeasured warm-up requests go first. Peak memory is the bot process's VmHWM (peak resident set) from /proc, read before it is stopped.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, percentile, ROOT } from '../lib/common.mjs';
import { freePort, SLACK_BENCH_SECRET, signed } from '../lib/slack-signing.mjs';

export const name = 'slack-roundtrip';

const RATE = 50;
const SECONDS = Number(process.env.BENCH_SLACK_SECONDS ?? 30);
const SECRET = SLACK_BENCH_SECRET;

/** auth.test and an ok for every other method; /respond/<id> records when each response_url POST arrived. */
function fakeSlack(onRespond) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/respond\/(\d+)$/.exec(req.url ?? '');
      if (m) {
        onRespond(Number(m[1]), Buffer.concat(chunks).length);
        res.writeHead(200).end('ok');
        return;
      }
      const body =
        req.url === '/api/auth.test'
          ? { ok: true, team_id: 'T1', user_id: 'UBOT', bot_id: 'B1', user: 'govai', team: 'Bench' }
          : { ok: true, ts: '1.1' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function peakRssMiB(pid) {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return Number.NaN;
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function rssMiB(pid) {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return Number.NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export async function run() {
  const main = join(ROOT, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` (npm run bench does it)');
  const sent = new Map();
  const askDone = new Map();
  const slack = await fakeSlack((id) => {
    if (sent.has(id) && !askDone.has(id)) askDone.set(id, performance.now() - sent.get(id));
  });
  const apiBase = `http://127.0.0.1:${slack.address().port}`;
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'govai-bench-slack-'));
  cpSync(join(ROOT, 'briefings'), join(home, 'briefings'), { recursive: true });
  const child = spawn(process.execPath, [main], {
    cwd: home,
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: `${apiBase}/api/`,
      PORT: String(port),
      GOVAI_CONSOLE: '0',
      GOVAI_DB: join(home, 'govai.db'),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await new Promise((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`the bot did not start in 30 s:\n${log}`)), 30_000);
      child.stderr.on('data', (c) => {
        log += c;
        if (log.includes('Slack adapter listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`the bot exited (${code}) before listening:\n${log}`)));
    });
    child.stderr.resume();
    const url = `http://127.0.0.1:${port}/slack/events`;
    const idleRss = rssMiB(child.pid);
    // Warm-up (not measured): the first requests pay for JIT compilation and lazy module loading.
    for (let i = 0; i < 20; i++) {
      const text = i % 2 === 0 ? 'summary' : 'ask What is Constitutional AI?';
      const body = new URLSearchParams({
        command: '/govai',
        text,
        user_id: 'U1',
        channel_id: 'C1',
        response_url: `${apiBase}/respond/warm`,
      }).toString();
      await (await fetch(url, { method: 'POST', headers: signed(body), body })).arrayBuffer();
    }

    const acks = { summary: [], ask: [] };
    let errors = 0;
    let over3s = 0;
    const total = RATE * SECONDS;
    const start = performance.now();
    const inflight = [];
    for (let i = 0; i < total; i++) {
      // Open loop: request i leaves at start + i/RATE whatever happened to the earlier ones.
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const kind = i % 2 === 0 ? 'summary' : 'ask';
      const text = kind === 'summary' ? 'summary' : 'ask What is Constitutional AI?';
      const body = new URLSearchParams({
        command: '/govai',
        text,
        user_id: 'U1',
        channel_id: 'C1',
        team_id: 'T1',
        response_url: `${apiBase}/respond/${i}`,
      }).toString();
      const t0 = performance.now();
      sent.set(i, t0);
      inflight.push(
        fetch(url, { method: 'POST', headers: signed(body), body })
          .then(async (res) => {
            await res.arrayBuffer();
            const took = performance.now() - t0;
            if (res.status !== 200) errors++;
            else acks[kind].push(took);
            if (took > 3_000) over3s++;
          })
          .catch(() => {
            errors++;
          }),
      );
    }
    await Promise.all(inflight);
    const deadline = performance.now() + 10_000;
    while (askDone.size < acks.ask.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const elapsed = (performance.now() - start) / 1000;
    const peak = peakRssMiB(child.pid);
    const askTimes = [...askDone.values()];
    const row = (label, xs) => [label, xs.length, ms(percentile(xs, 50)), ms(percentile(xs, 99)), ms(Math.max(...xs))];
    return [
      {
        title: `Slash commands through Bolt on loopback: ${RATE} requests/s for ${SECONDS} s (node dist/main.js, HTTP mode)`,
        columns: ['round trip', 'requests', 'p50', 'p99', 'max'],
        rows: [
          row('/govai summary: request -> ack with Block Kit', acks.summary),
          row('/govai ask: request -> empty ack', acks.ask),
          row('/govai ask: request -> answer at response_url', askTimes),
        ],
        notes: [
          `${total} requests sent in ${elapsed.toFixed(1)} s; ${errors} failed (non-200 or connection error); ${over3s} acks slower than Slack's 3 s limit; ${acks.ask.length - askTimes.length} ask answers missing.`,
          `Bot process memory: ${idleRss.toFixed(0)} MiB resident after start-up, peak ${peak.toFixed(0)} MiB (VmHWM) over the run.`,
          'Load generator and fake Slack API share the machine with the bot; the timings include both sides of loopback HTTP.',
        ],
      },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    slack.close();
    rmSync(home, { recursive: true, force: true });
  }
}
