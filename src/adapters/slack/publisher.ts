import type { PublishResult, Publisher } from '../../app/publisher.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../log/logger.js';
import { renderSlack, type SlackMessage } from './render.js';

// Posting to Slack channels: scheduled digests (the Publisher port) and the adapter's own thread replies.
// One queue per channel keeps parts in order and paced (Slack allows about one message per second per
// channel); a 429 pauses every queue for its Retry-After, then the same message is sent again, once.

/** The one Web API call the publisher needs; a `WebClient` satisfies it. */
export interface SlackApiCaller {
  apiCall(method: string, options?: Record<string, unknown>): Promise<{ ok?: boolean; ts?: string; error?: string }>;
}

export interface SlackPublisherOptions {
  /** Minimum gap between two posts to the same channel. */
  minIntervalMs?: number;
  /** Total rate-limit waiting per message before reporting a retryable failure to the caller. */
  maxRateLimitWaitMs?: number;
  /** Attempts for transient failures (5xx, network) before reporting a retryable failure. */
  transientAttempts?: number;
  backoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SlackPublisher extends Publisher {
  readonly platform: 'slack';
  /** Posts ready-rendered messages; the first starts a thread (or goes into `threadTs`), the rest reply in it. */
  postMessages(
    channelId: string,
    messages: readonly SlackMessage[],
    options?: { threadTs?: string },
  ): Promise<PublishResult>;
}

type Failure =
  | { kind: 'permanent'; message: string }
  | { kind: 'rate-limited'; ms: number }
  | { kind: 'transient'; message: string };

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
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
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
          unfurl_links: false,
          unfurl_media: false,
        });
        lastPost.set(channel, now());
        return { ts: res.ts ?? '' };
      } catch (error) {
        lastPost.set(channel, now());
        const failure = classify(error);
        if (failure.kind === 'permanent') return { failure };
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
      const ids: string[] = [];
      let threadTs = postOptions.threadTs;
      for (const message of messages) {
        const result = await postOne(channel, message, threadTs);
        if ('failure' in result) return report(channel, result.failure, ids.length, messages.length);
        ids.push(result.ts);
        threadTs ??= result.ts;
      }
      return { ok: true, messageIds: ids };
    });

  const report = (channel: string, failure: Failure, posted: number, total: number): PublishResult => {
    const partial = posted > 0 ? ` (${posted} of ${total} parts were posted)` : '';
    if (failure.kind === 'permanent') {
      const message = `Slack channel ${channel}: ${failure.message}${partial}`;
      logger.error({ channel }, message);
      return { ok: false, permanent: true, message };
    }
    if (failure.kind === 'rate-limited') {
      const message = `Slack channel ${channel}: still rate limited after waiting${partial}; try again in ${Math.ceil(failure.ms / 1000)} s`;
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
    publish: (channelId: string, reply: Reply) =>
      postMessages(channelId, renderSlack(reply, { continuation: 'thread' })),
  };
}

/** Sorts a Web API client error into permanent, rate-limited (with its wait) or transient. */
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
  const code = e?.data?.error;
  if (code === 'ratelimited') return { kind: 'rate-limited', ms: 1_000 };
  if (code && PERMANENT_ERRORS[code]) return { kind: 'permanent', message: `${PERMANENT_ERRORS[code]} (${code})` };
  if (code && TRANSIENT_ERRORS.has(code)) return { kind: 'transient', message: `Slack answered ${code}` };
  // Any other platform error is deterministic: sending the same request again cannot succeed.
  if (code) return { kind: 'permanent', message: `Slack refused the message (${code})` };
  return { kind: 'transient', message: e?.message ?? String(error) };
}
