// Teams beside Slack, Discord and the console: (1) rendering and splitting the same replies (the seed briefing,
// a 40-story digest, a 400-article list) with each adapter's renderer: time, messages out, largest message against
// the platform's limit; (2) a signed `@govai summary` activity's round trip through the real Agents SDK (the
// adapter as `npm start` runs it, in this process) to a minimal Bot Connector, OpenID/JWKS and token endpoint on
// 127.0.0.1 in this process: request -> 200, and request -> Adaptive Card at the connector. Slack's slash-command
// round trip through real Bolt is the slack-roundtrip suite.

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, SignJWT } from 'jose';
import { dist, ms, percentile, ROOT, seedBody, sourceArticles, timeIt } from '../lib/common.mjs';

export const name = 'teams';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = '99999999-8888-7777-6666-555555555555';
const BOT_ID = `28:${APP_ID}`;
const ISSUER = 'https://api.botframework.com';
const ROUND_TRIPS = Number(process.env.BENCH_TEAMS_REQUESTS ?? 300);
const RATE = 20;

const bytes = (x) => Buffer.byteLength(typeof x === 'string' ? x : JSON.stringify(x));

async function replies() {
  const { buildBriefing } = await dist('core/briefing.js');
  const { articles } = sourceArticles();
  const article = (i, body) => ({
    id: `story-${i}`,
    title: `Agency AI update number ${i}: ${body.split(/\s+/).slice(0, 8).join(' ')}`,
    source: 'Bench Wire',
    url: `https://news.example/story-${i}?a=1&b=2`,
    published: new Date(Date.UTC(2026, 10, 1, i % 24)).toISOString(),
    tags: [],
    keywords: [],
    qa: [],
    body,
  });
  const seed = buildBriefing({ ...article(0, seedBody()), id: 'seed' });
  const stories = articles.slice(0, 40).map((a, i) => buildBriefing(article(i + 1, a)));
  const item = (b) => ({
    briefingId: b.id,
    title: b.title,
    tldr: b.tldr,
    url: b.url,
    source: b.source,
    published: b.published,
  });
  return [
    ['seed briefing (summary)', { kind: 'briefing', briefing: seed }],
    [
      `digest of ${stories.length} stories`,
      {
        kind: 'digest',
        title: 'Daily digest',
        emptyMessage: 'Nothing new.',
        digest: { items: stories.map(item), overflow: [] },
      },
    ],
    [
      'list of 400 articles',
      {
        kind: 'list',
        items: Array.from({ length: 400 }, (_, i) => ({
          id: `story-${i}`,
          title: `Agency AI update number ${i} on procurement and oversight`,
          source: 'Bench Wire',
          published: '2026-11-20',
          url: `https://news.example/story-${i}`,
        })),
      },
    ],
  ];
}

async function renderTable() {
  const [{ renderSlack }, { renderDiscord }, { renderTeams }, { renderText }] = await Promise.all([
    dist('adapters/slack/render.js'),
    dist('adapters/discord/render.js'),
    dist('adapters/teams/render.js'),
    dist('adapters/console/render-text.js'),
  ]);
  const adapters = [
    [
      'Slack (Block Kit)',
      (r) => renderSlack(r, { continuation: 'thread' }),
      '50 blocks, ~12,000 chars of block text per message',
    ],
    ['Discord (embeds)', (r) => renderDiscord(r), '6,000 chars per message, 10 embeds'],
    ['Teams (Adaptive Cards)', (r) => renderTeams(r), '28 KB per activity (card budget 24 KB)'],
    ['console (text)', (r) => [renderText(r)], 'none'],
  ];
  const rows = [];
  for (const [label, reply] of await replies()) {
    for (const [adapter, render, limit] of adapters) {
      const out = render(reply);
      const t = await timeIt(() => render(reply), { budgetMs: 400 });
      rows.push([
        label,
        adapter,
        ms(t.median),
        out.length,
        `${(Math.max(...out.map(bytes)) / 1024).toFixed(1)} KiB`,
        limit,
      ]);
    }
  }
  return {
    title: 'Rendering and splitting the same reply on each adapter (median of repeated renders)',
    columns: ['reply', 'adapter', 'render', 'messages', 'largest message (JSON)', 'platform limit'],
    rows,
    notes: [
      'Every renderer splits over its limit and never cuts (tests/teams/render.test.ts, tests/parity); sizes are the serialized payload each adapter posts.',
    ],
  };
}

/** OpenID metadata + JWKS, the Entra token endpoint, and a Bot Connector that records when each reply arrived. */
async function fakeMicrosoft(onPost) {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...(await exportJWK(key.publicKey)),
    kid: 'bench',
    use: 'sig',
    alg: 'RS256',
    endorsements: ['msteams'],
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      const send = (status, body) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.endsWith('/openidconfiguration')) return send(200, { issuer: ISSUER, jwks_uri: `${base}/keys` });
      if (url === '/keys') return send(200, { keys: [jwk] });
      if (url.endsWith('/oauth2/v2.0/token'))
        return send(200, { token_type: 'Bearer', expires_in: 3599, access_token: `bench-${randomUUID()}` });
      const m = /^\/v3\/conversations\/[^/]+\/activities\/([^/]+)$/.exec(url);
      if (m) {
        onPost(decodeURIComponent(m[1]), Buffer.concat(chunks).length);
        return send(201, { id: randomUUID() });
      }
      return send(404, {});
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const sign = () =>
    new SignJWT({ serviceurl: `${base}/` })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(APP_ID)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key.privateKey);
  return { server, base, sign };
}

async function roundTripTable() {
  const arrived = new Map();
  const sent = new Map();
  const fake = await fakeMicrosoft((replyTo) => {
    if (sent.has(replyTo) && !arrived.has(replyTo)) arrived.set(replyTo, performance.now() - sent.get(replyTo));
  });
  const home = mkdtempSync(join(tmpdir(), 'govai-bench-teams-'));
  cpSync(join(ROOT, 'briefings'), join(home, 'briefings'), { recursive: true });
  writeFileSync(
    join(home, 'govai.config.yaml'),
    `teams:\n  readChannelMessages: false\n  endpoints:\n    loginUrl: ${fake.base}\n    openIdMetadataUrl: ${fake.base}/v1/.well-known/openidconfiguration\n    issuer: ${ISSUER}\n    serviceUrls: ["${fake.base}/"]\n`,
  );
  const [{ loadConfig }, { createAppContext }, { createLogger }, { startTeams }] = await Promise.all([
    dist('config/load.js'),
    dist('app/context.js'),
    dist('log/logger.js'),
    dist('adapters/teams/start.js'),
  ]);
  const loaded = loadConfig(
    { TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 'bench', TEAMS_TENANT_ID: TENANT, GOVAI_DB: ':memory:' },
    home,
  );
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const ctx = await createAppContext({ config: loaded.config, logger: createLogger('error') });
  const running = await startTeams(ctx, { listen: { port: 0, host: '127.0.0.1' } });
  const url = `http://127.0.0.1:${running.port}/api/messages`;
  const token = await fake.sign();
  let n = 0;
  const activity = () => {
    const id = `${1_700_000_000_000 + ++n}`;
    return {
      type: 'message',
      id,
      channelId: 'msteams',
      serviceUrl: `${fake.base}/`,
      text: '<at>govai</at> summary',
      from: { id: '29:user', name: 'Alice', aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001' },
      recipient: { id: BOT_ID, name: 'govai' },
      conversation: { id: `19:bench@thread.tacv2;messageid=${id}`, conversationType: 'channel', tenantId: TENANT },
      channelData: {
        tenant: { id: TENANT },
        team: { id: '19:bench@thread.tacv2' },
        channel: { id: '19:bench@thread.tacv2' },
      },
      entities: [{ type: 'mention', text: '<at>govai</at>', mentioned: { id: BOT_ID, name: 'govai' } }],
    };
  };
  const post = (a) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(a),
    });
  try {
    for (let i = 0; i < 20; i++) await (await post(activity())).arrayBuffer(); // warm-up, not measured
    const acks = [];
    let errors = 0;
    const inflight = [];
    const start = performance.now();
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const a = activity();
      const t0 = performance.now();
      sent.set(a.id, t0);
      inflight.push(
        post(a)
          .then(async (res) => {
            await res.arrayBuffer();
            if (res.status === 200) acks.push(performance.now() - t0);
            else errors++;
          })
          .catch(() => errors++),
      );
    }
    await Promise.all(inflight);
    const deadline = performance.now() + 10_000;
    while (arrived.size < ROUND_TRIPS && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const cards = [...arrived.values()];
    const row = (label, xs) => [label, xs.length, ms(percentile(xs, 50)), ms(percentile(xs, 99)), ms(Math.max(...xs))];
    return {
      title: `"@govai summary" through the real Agents SDK on loopback: ${RATE} activities/s, ${ROUND_TRIPS} activities`,
      columns: ['round trip', 'activities', 'p50', 'p99', 'max'],
      rows: [
        row('activity -> 200 (JWT checked, turn run, card posted)', acks),
        row('activity -> Adaptive Card at the Bot Connector', cards),
      ],
      notes: [
        `${errors} failed; ${ROUND_TRIPS - cards.length} cards missing. The SDK answers the activity after the turn, so the 200 comes after the reply was posted.`,
        "Bot, load generator and fake connector share one process and the machine; Slack's slash-command round trip (real Bolt, 50 requests/s) is in slack-roundtrip.",
      ],
    };
  } finally {
    await running.stop();
    fake.server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

export async function run() {
  return [await renderTable(), await roundTripTable()];
}
