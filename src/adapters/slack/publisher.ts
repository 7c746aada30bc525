import type { Time } from '../../core/time.js';
import { systemTime } from '../../time/system-time.js';
import type { FindOptions, FindResult, PublishOptions, PublishResult, Publisher } from '../../app/publisher.js';
import type { Reply } from '../../core/reply.js';
import { errorCause } from '../../log/error-cause.js';
import type { Logger } from '../../log/logger.js';
import { renderSlack, type SlackMessage } from './render.js';

// Posting to Slack channels: scheduled digests (the Publisher port) and the adapter's own thread replies.
// One queue per channel keeps parts in order and paced (Slack allows about one message per second per
// channel); a 429 pauses every queue for its Retry-After, then the same message is sent again, once.
// A post that may have arrived (timeout, connection reset after the request left) is never re-sent here: it comes
// back `uncertain`, and `find` looks for it in the channel by its message metadata (`govai_digest` + the key).

/** The one Web API call the publisher needs; a `WebClient` satisfies it. */
export interface SlackApiCaller {
  apiCall(method: string, options?: Record<string, unknown>): Promise<SlackApiResult>;
}

interface SlackApiResult {
  ok?: boolean;
  ts?: string;
  error?: string;
  messages?: unknown;
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

/** The message metadata event type of scheduled digests; its payload carries the delivery key and part index. */
export const DIGEST_EVENT_TYPE = 'govai_digest';
/** Pages of history read per lookup (15 messages each: the smallest page every app type may ask for). */
const FIND_PAGES = 20;
const FIND_PAGE_SIZE = 15;
/** Clock skew allowance below the attempt's start for `oldest`. */
const FIND_SKEW_MS = 5 * 60_000;

export interface SlackPublisherOptions {
  /** Minimum gap between two posts to the same channel. */
  minIntervalMs?: number;
  /** Total rate-limit waiting per message before reporting a retryable failure to the caller. */
  maxRateLimitWaitMs?: number;
  /** Attempts for transient failures (5xx, network) before reporting a retryable failure. */
  transientAttempts?: number;
  backoffMs?: number;
  /** The clock and waits (src/core/time.ts): the context's time in the bot, a manual one in tests. */
  time?: Pick<Time, 'now' | 'sleep'>;
}

export interface SlackPublisher extends Publisher {
  readonly platform: 'slack';
  /** Posts ready-rendered messages; the first starts a thread (or goes into `threadTs`), the rest reply in it. */
  postMessages(
    channelId: string,
    messages: readonly SlackMessage[],
    options?: { threadTs?: string } & PublishOptions,
  ): Promise<PublishResult>;
}

type Failure =
  | { kind: 'permanent'; message: string }
  | { kind: 'rate-limited'; ms: number }
  | { kind: 'transient'; message: string }
  | { kind: 'uncertain'; message: string };

const PERMANENT_ERRORS: Record<string, string> = {
  not_in_channel: 'the bot is not a member of this channel: invite it there with `/invite @govai`',
  channel_not_found: 'no such channel (check the id; a private channel must invite the bot first)',
  is_archived: 'the channel is archived',
  restricted_action: 'the workspace does not allow the bot to post here',
  missing_scope: 'the token lacks the chat:write scope: reinstall the app with the manifest in slack-app-manifest.yaml',
  not_authed: 'no token was sent: set SLACK_BOT_TOKEN',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid for this workspace',
  token_revoked: 'SLACK_BOT_TOKEN was revoked: reinstall the app and update the token',
  account_inactive: 'the bot user is deactivated: reinstall the app',
  invalid_blocks: 'Slack rejected the message blocks (a govai rendering bug: please report it)',
  msg_blocks_too_long: 'the message was too long for Slack (a govai rendering bug: please report it)',
};

const TRANSIENT_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

export function createSlackPublisher(
  client: SlackApiCaller,
  logger: Logger,
  options: SlackPublisherOptions = {},
): SlackPublisher {
  const minIntervalMs = options.minIntervalMs ?? 1_100;
  const maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 5 * 60_000;
  const transientAttempts = options.transientAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 1_000;
  const time = options.time ?? systemTime;
  const now = () => time.now();
  const sleep = (ms: number) => time.sleep(ms);
  const tails = new Map<string, Promise<unknown>>();
  const lastPost = new Map<string, number>();
  let pausedUntil = 0;

  const serial = <T>(channel: string, task: () => Promise<T>): Promise<T> => {
    const next = (tails.get(channel) ?? Promise.resolve()).then(task, task);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    tails.set(channel, tail);
    void tail.then(() => {
      if (tails.get(channel) === tail) tails.delete(channel);
    });
    return next;
  };

  const waitTurn = async (channel: string) => {
    const last = lastPost.get(channel);
    const due = Math.max(pausedUntil, last === undefined ? 0 : last + minIntervalMs);
    const wait = due - now();
    if (wait > 0) await sleep(wait);
  };

  const postOne = async (
    channel: string,
    message: SlackMessage,
    threadTs?: string,
    metadata?: Record<string, unknown>,
  ): Promise<{ ts: string } | { failure: Failure }> => {
    let transient = 0;
    let waited = 0;
    for (;;) {
      await waitTurn(channel);
      try {
        const res = await client.apiCall('chat.postMessage', {
          channel,
          text: message.text,
          blocks: message.blocks,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...(metadata ? { metadata } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        lastPost.set(channel, now());
        return { ts: res.ts ?? '' };
      } catch (error) {
        lastPost.set(channel, now());
        const failure = classify(error);
        if (failure.kind === 'permanent' || failure.kind === 'uncertain') return { failure };
        if (failure.kind === 'rate-limited') {
          if (waited + failure.ms > maxRateLimitWaitMs) return { failure };
          logger.warn({ channel, retryAfterMs: failure.ms }, 'Slack rate limit: waiting before posting again');
          waited += failure.ms;
          pausedUntil = Math.max(pausedUntil, now() + failure.ms);
          continue;
        }
        transient += 1;
        if (transient >= transientAttempts) return { failure };
        logger.warn({ channel, attempt: transient, err: failure.message }, 'Slack post failed, retrying');
        await sleep(backoffMs * 2 ** (transient - 1));
      }
    }
  };

  const postMessages: SlackPublisher['postMessages'] = (channel, messages, postOptions = {}) =>
    serial(channel, async (): Promise<PublishResult> => {
      const ids: string[] = [...(postOptions.resumeAfter ?? [])].slice(0, messages.length);
      let threadTs = postOptions.threadTs ?? ids[0];
      const key = postOptions.idempotencyKey;
      for (let index = ids.length; index < messages.length; index++) {
        const metadata = key
          ? { event_type: DIGEST_EVENT_TYPE, event_payload: { key, part: index, parts: messages.length } }
          : undefined;
        const result = await postOne(channel, messages[index]!, threadTs, metadata);
        if ('failure' in result) return report(channel, result.failure, ids.length, messages.length);
        ids.push(result.ts);
        threadTs ??= result.ts;
        if (postOptions.onPart && !postOptions.onPart(index, result.ts))
          return {
            ok: false,
            permanent: false,
            message:
              `Slack channel ${channel}: stopped after part ${index + 1} of ${messages.length}: it could not ` +
              `be recorded`,
          };
      }
      return { ok: true, messageIds: ids };
    });

  /** Parent messages in history carry part 0; the other parts are replies in its thread. */
  const find = async (channel: string, key: string, options: FindOptions): Promise<FindResult> => {
    const oldest = (Math.max(0, options.sinceMs - FIND_SKEW_MS) / 1000).toFixed(6);
    const matches = (m: unknown, part: number) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown; part?: unknown } } })
        .metadata;
      return (
        meta?.event_type === DIGEST_EVENT_TYPE && meta.event_payload?.key === key && meta.event_payload.part === part
      );
    };
    const scan = async (method: string, args: Record<string, unknown>, want: (m: unknown) => boolean) => {
      const found: unknown[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < FIND_PAGES; page++) {
        const res = await client.apiCall(method, {
          channel,
          oldest,
          include_all_metadata: true,
          limit: FIND_PAGE_SIZE,
          ...args,
          ...(cursor ? { cursor } : {}),
        });
        const messages = Array.isArray(res.messages) ? (res.messages as unknown[]) : [];
        found.push(...messages.filter(want));
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor || (method === 'conversations.history' && found.length > 0)) break;
      }
      return found as Array<{ ts?: string; metadata?: { event_payload?: { part?: number } } }>;
    };
    try {
      // A part already confirmed names the thread: no need to find the parent again (it may predate `oldest`).
      const parentTs = options.known?.[0] ?? (await scan('conversations.history', {}, (m) => matches(m, 0)))[0]?.ts;
      if (!parentTs) return { ok: true, messageIds: [] };
      const parent = { ts: parentTs };
      const ids = [parent.ts];
      if (options.parts > 1) {
        const replies = await scan('conversations.replies', { ts: parent.ts, oldest: undefined }, (m) => {
          const part = (m as { metadata?: { event_payload?: { part?: unknown } } }).metadata?.event_payload?.part;
          return typeof part === 'number' && part > 0 && matches(m, part);
        });
        for (let part = 1; part < options.parts; part++) {
          const reply = replies.find((r) => r.metadata?.event_payload?.part === part);
          if (!reply?.ts) break; // parts go out in order: the first missing one is where to resume
          ids.push(reply.ts);
        }
      }
      return { ok: true, messageIds: ids };
    } catch (error) {
      const failure = classify(error);
      const message = `Slack channel ${channel}: could not read the channel history to check for an earlier post (${
        failure.kind === 'rate-limited' ? 'rate limited' : failure.message
      })${failure.kind === 'permanent' ? '; the app needs channels:history (and groups:history for private channels)' : ''}`;
      logger.warn({ channel }, message);
      return { ok: false, message, ...(failure.kind === 'rate-limited' ? { retryAfterMs: failure.ms } : {}) };
    }
  };

  const report = (channel: string, failure: Failure, posted: number, total: number): PublishResult => {
    const partial = posted > 0 ? ` (${posted} of ${total} parts were posted)` : '';
    if (failure.kind === 'permanent') {
      const message = `Slack channel ${channel}: ${failure.message}${partial}`;
      logger.error({ channel }, message);
      return { ok: false, permanent: true, message };
    }
    if (failure.kind === 'uncertain') {
      const message =
        `Slack channel ${channel}: no answer from Slack (${failure.message})${partial}; the post may have ` +
        `arrived, so it is looked up before any re-send`;
      logger.warn({ channel }, message);
      return { ok: false, permanent: false, uncertain: true, message };
    }
    if (failure.kind === 'rate-limited') {
      const message =
        `Slack channel ${channel}: still rate limited after waiting${partial}; try again in ` +
        `${Math.ceil(failure.ms / 1000)} s`;
      logger.warn({ channel }, message);
      return { ok: false, permanent: false, message, retryAfterMs: failure.ms };
    }
    const message = `Slack channel ${channel}: ${failure.message}${partial}`;
    logger.warn({ channel }, message);
    return { ok: false, permanent: false, message };
  };

  return {
    platform: 'slack',
    postMessages,
    publish: (channelId: string, reply: Reply, options: PublishOptions = {}) =>
      postMessages(channelId, renderSlack(reply, { continuation: 'thread' }), options),
    find: (channelId, _reply, key, options) => find(channelId, key, options),
    parts: (reply) => renderSlack(reply, { continuation: 'thread' }).length,
  };
}

/** Connection errors that mean the request never left: re-sending cannot duplicate. */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Sorts a Web API client error into permanent, rate-limited (with its wait), transient or uncertain (may have posted).
 */
export function classify(error: unknown): Failure {
  const e = error as {
    code?: string;
    data?: { error?: string };
    retryAfter?: number;
    statusCode?: number;
    message?: string;
  };
  if (e?.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number')
    return { kind: 'rate-limited', ms: e.retryAfter * 1000 };
  // Without rejectRateLimitedCalls the client waits itself and then fails with this message once its retries are spent.
  const retryAfter = /retry-after: (\d+)/.exec(e?.message ?? '');
  if (retryAfter) return { kind: 'rate-limited', ms: Number(retryAfter[1]) * 1000 };
  if (e?.code === 'slack_webapi_request_error') {
    // The request may have reached Slack unless the connection was never made.
    const original = (e as { original?: { name?: string; message?: string; cause?: { code?: string } } }).original;
    const cause = original?.cause?.code ?? (original as { code?: string } | undefined)?.code;
    // Say why (connect ECONNREFUSED 127.0.0.1:4998), not the client's "A request error occurred: fetch failed".
    if (cause && NEVER_SENT.has(cause))
      return { kind: 'transient', message: `cannot reach the Slack Web API: ${errorCause(original)}` };
    const what =
      original?.name === 'TimeoutError' || original?.name === 'AbortError'
        ? 'timed out'
        : (cause ?? original?.message ?? 'request failed');
    return { kind: 'uncertain', message: what };
  }
  const code = e?.data?.error;
  if (code === 'ratelimited') return { kind: 'rate-limited', ms: 1_000 };
  if (code && PERMANENT_ERRORS[code]) return { kind: 'permanent', message: `${PERMANENT_ERRORS[code]} (${code})` };
  if (code && TRANSIENT_ERRORS.has(code)) return { kind: 'transient', message: `Slack answered ${code}` };
  // Any other platform error is deterministic: sending the same request again cannot succeed.
  if (code) return { kind: 'permanent', message: `Slack refused the message (${code})` };
  return { kind: 'transient', message: e?.message ?? String(error) };
}
