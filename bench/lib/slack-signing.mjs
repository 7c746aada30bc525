// What the bench suites that drive the real bot over HTTP share: a free loopback port for the bot, and Slack's v0
// request signature for the signing secret they start it with.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';

export const SLACK_BENCH_SECRET = 'bench-signing-secret';

/** A port nothing listens on right now (the bot binds it a moment later). */
export function freePort() {
  const s = createServer();
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    }),
  );
}

/** Headers of a signed slash-command request (Slack's v0 scheme) for a form-encoded body. */
export function signed(body, secret = SLACK_BENCH_SECRET) {
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': sig,
  };
}
