import { type Client, DiscordAPIError, RateLimitError, Routes } from 'discord.js';
import type { FindOptions, FindResult, PublishOptions, Publisher, PublishResult } from '../../app/publisher.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../log/logger.js';
import { type DiscordPayload, type MentionType, renderDiscord } from './render.js';

// The publish port for Discord (scheduled digests and other unprompted posts). It posts through the
// client's REST manager, which waits out 429s by `retry_after` and retries them itself, so each part is
// POSTed until accepted exactly once. Known permanent failures come back as clear values, never thrown.
// A timeout is uncertain: the client retries it with the same nonce (`enforce_nonce`: Discord returns the message it
// already created instead of a second one, within a few minutes). An uncertain or crash-interrupted send older than
// that is looked up in the channel's recent messages (`find`: the bot's own messages since the attempt, matched by
// their rendered content) before anything is posted again.

const PERMANENT: Record<number, string> = {
  10003: 'the channel does not exist (Unknown Channel 10003): check the channel id in govai.config.yaml',
  50001:
    'the bot cannot see this channel (Missing Access 50001): invite it to the server and give it View ' +
    'Channel in this channel',
  50013: 'the bot lacks a permission here (50013): give it Send Messages and Embed Links in this channel',
  50008: 'this is not a text channel (50008): pick a text channel id',
};

export interface DiscordPublisherOptions {
  allowedMentions?: readonly MentionType[];
}

/** `client` may be a getter: the adapter replaces its client when it falls back to no Message Content. */
export function createDiscordPublisher(
  client: Client | (() => Client),
  logger: Logger,
  options: DiscordPublisherOptions = {},
): Publisher {
  const current = typeof client === 'function' ? client : () => client;
  const render = (reply: Reply) =>
    renderDiscord(reply, options.allowedMentions ? { allowedMentions: options.allowedMentions } : {});
  return {
    platform: 'discord',
    parts: (reply) => render(reply).length,
    find: (channelId, reply, _key, findOptions) => findPosted(current(), channelId, render(reply), findOptions),
    async publish(channelId: string, reply: Reply, publishOptions: PublishOptions = {}): Promise<PublishResult> {
      const payloads = render(reply);
      const messageIds: string[] = [...(publishOptions.resumeAfter ?? [])].slice(0, payloads.length);
      for (const [index, body] of payloads.entries()) {
        if (index < messageIds.length) continue;
        try {
          const key = publishOptions.idempotencyKey;
          const nonce = key ? { nonce: partNonce(key, index), enforce_nonce: true } : {};
          const sent = (await current().rest.post(Routes.channelMessages(channelId), {
            body: { ...body, ...nonce },
          })) as { id: string };
          messageIds.push(sent.id);
          if (publishOptions.onPart && !publishOptions.onPart(index, sent.id))
            return {
              ok: false,
              permanent: false,
              message:
                `discord channel ${channelId}: stopped after part ${index + 1} of ${payloads.length}: it ` +
                `could not be recorded`,
            };
        } catch (error) {
          const result = failure(error, channelId, index, payloads.length);
          logger.error(
            { channel: channelId, part: index + 1, parts: payloads.length, permanent: result.permanent },
            `discord publish failed: ${result.message}`,
          );
          return result;
        }
      }
      return { ok: true, messageIds };
    },
  };
}

const DISCORD_EPOCH = 1_420_070_400_000n;
const FIND_SKEW_MS = 5 * 60_000;

/** What identifies a rendered part among the bot's messages: its text and its embeds' titles and descriptions. */
function fingerprint(m: { content?: unknown; embeds?: unknown }): string {
  const embeds = Array.isArray(m.embeds) ? (m.embeds as Array<{ title?: unknown; description?: unknown }>) : [];
  return JSON.stringify([
    typeof m.content === 'string' ? m.content.trim() : '',
    embeds.map((e) => [e.title ?? '', typeof e.description === 'string' ? e.description.trim() : '']),
  ]);
}

async function findPosted(
  client: Client,
  channelId: string,
  payloads: readonly DiscordPayload[],
  options: FindOptions,
): Promise<FindResult> {
  try {
    const me = client.user?.id ?? ((await client.rest.get(Routes.user('@me'))) as { id: string }).id;
    const after = ((BigInt(Math.max(0, options.sinceMs - FIND_SKEW_MS)) - DISCORD_EPOCH) << 22n).toString();
    const recent = (await client.rest.get(Routes.channelMessages(channelId), {
      query: new URLSearchParams({ after, limit: '100' }),
    })) as Array<{ id: string; author?: { id?: string }; content?: string; embeds?: unknown[] }>;
    const mine = recent.filter((m) => m.author?.id === me).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    // Parts already confirmed are kept; the search goes on from the first one not known.
    const ids: string[] = [...(options.known ?? [])].slice(0, payloads.length);
    let from = 0;
    for (const payload of payloads.slice(ids.length)) {
      const want = fingerprint(JSON.parse(JSON.stringify(payload)) as { content?: unknown; embeds?: unknown });
      const at = mine.findIndex((m, i) => i >= from && fingerprint(m) === want);
      if (at < 0) break; // parts go out in order: the first missing one is where to resume
      ids.push(mine[at]!.id);
      from = at + 1;
    }
    return { ok: true, messageIds: ids };
  } catch (error) {
    const f = failure(error, channelId, 0, 1);
    return {
      ok: false,
      message:
        `${f.message} (while reading recent messages to check for an earlier post; the bot needs Read Message ` +
        `History)`,
      ...(f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {}),
    };
  }
}

/** Discord nonces are at most 25 characters; each part of a multi-message post gets its own. */
export function partNonce(key: string, index: number): string {
  if (index === 0) return key.slice(0, 25);
  const suffix = `.${index}`;
  return `${key.slice(0, 25 - suffix.length)}${suffix}`;
}

function failure(
  error: unknown,
  channelId: string,
  index: number,
  parts: number,
): Extract<PublishResult, { ok: false }> {
  const where = `discord channel ${channelId}${parts > 1 ? ` (part ${index + 1} of ${parts})` : ''}`;
  if (error instanceof RateLimitError) {
    return {
      ok: false,
      permanent: false,
      retryAfterMs: error.retryAfter,
      message: `${where}: rate limited for ${Math.ceil(error.retryAfter / 1000)} s`,
    };
  }
  if (error instanceof DiscordAPIError) {
    const known = typeof error.code === 'number' ? PERMANENT[error.code] : undefined;
    if (known) return { ok: false, permanent: true, message: `${where}: ${known}` };
    if (error.status === 404)
      return { ok: false, permanent: true, message: `${where}: not found (${error.code}): check the channel id` };
    if (error.status === 401)
      return { ok: false, permanent: true, message: `${where}: the bot token was rejected (401): check DISCORD_TOKEN` };
    if (error.status === 403)
      return { ok: false, permanent: true, message: `${where}: forbidden (${error.code}): ${error.message}` };
    return {
      ok: false,
      permanent: false,
      message: `${where}: Discord answered ${error.status} (${error.code}): ${error.message}`,
    };
  }
  const e = error as { name?: string; message?: string };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError')
    return {
      ok: false,
      permanent: false,
      uncertain: true,
      message:
        `${where}: no answer from Discord (timed out); the post may have arrived, so it is looked up before ` +
        `any re-send`,
    };
  return { ok: false, permanent: false, message: `${where}: ${e?.message ?? String(error)}` };
}
