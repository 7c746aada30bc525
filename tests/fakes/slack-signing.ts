import { createHmac } from 'node:crypto';

// Plays "Slack" towards the app: correctly signed HTTP requests to a Bolt receiver on 127.0.0.1.

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedOptions {
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Overrides the computed signature (to test rejection). */
  signature?: string;
  /** Leave the signing headers out. */
  unsigned?: boolean;
  headers?: Record<string, string>;
}

export interface SlackHttpResult {
  status: number;
  body: string;
  json(): Record<string, unknown>;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SignedOptions = {},
): Promise<SlackHttpResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType, ...options.headers };
  if (!options.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] =
      options.signature ?? slackSignature(options.secret ?? TEST_SIGNING_SECRET, timestamp, body);
  }
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text, json: () => (text ? (JSON.parse(text) as Record<string, unknown>) : {}) };
}

let triggerCounter = 0;
/** A fresh trigger id: Slack gives every command and click its own (govai drops a repeated one as a replay). */
export function triggerId(): string {
  return `trig-${process.pid}-${Date.now()}-${++triggerCounter}`;
}

/** `/govai <text>` as Slack sends it (form-encoded; the content type must be exactly this). */
export function postSlashCommand(
  url: string,
  fields: Record<string, string>,
  options: SignedOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams({
    command: '/govai',
    team_id: 'T1',
    channel_id: 'C1',
    user_id: 'U1',
    user_name: 'alice',
    trigger_id: triggerId(),
    ...fields,
  }).toString();
  return postSigned(url, body, 'application/x-www-form-urlencoded', options);
}

/** An interactivity payload (button click), form-encoded as `payload=<json>`. */
export function postInteraction(
  url: string,
  payload: Record<string, unknown>,
  options: SignedOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(url, body, 'application/x-www-form-urlencoded', options);
}

let eventCounter = 0;

/** An Events API callback (JSON). `eventId` defaults to a fresh id. */
export function postEvent(
  url: string,
  event: Record<string, unknown>,
  options: SignedOptions & { eventId?: string; retryNum?: number } = {},
): Promise<SlackHttpResult> {
  const eventId = options.eventId ?? `Ev${Date.now()}${++eventCounter}`;
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event,
  });
  const headers = {
    ...options.headers,
    ...(options.retryNum
      ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }
      : {}),
  };
  return postSigned(url, body, 'application/json', { ...options, headers });
}

let tsCounter = 0;
/** A fresh message ts ("1700000123.000456" style). */
export function messageTs(): string {
  return `${1_700_000_000 + (Math.floor(Date.now() / 1000) % 100_000)}.${String(++tsCounter).padStart(6, '0')}`;
}
