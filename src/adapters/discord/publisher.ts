import { type Client, DiscordAPIError, RateLimitError, Routes } from 'discord.js';
import type { PublishOptions, Publisher, PublishResult } from '../../app/publisher.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../log/logger.js';
import { type MentionType, renderDiscord } from './render.js';

// The publish port for Discord (scheduled digests and other unprompted posts). It posts through the
// client's REST manager, which waits out 429s by `retry_after` and retries them itself, so each part is
// POSTed until accepted exactly once. Known permanent failures come back as clear values, never thrown.

const PERMANENT: Record<number, string> = {
  10003: 'the channel does not exist (Unknown Channel 10003): check the channel id in govai.config.yaml',
  50001:
    'the bot cannot see this channel (Missing Access 50001): invite it to the server and give it View Channel in this channel',
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
  return {
    platform: 'discord',
    async publish(channelId: string, reply: Reply, publishOptions: PublishOptions = {}): Promise<PublishResult> {
      const payloads = renderDiscord(
        reply,
        options.allowedMentions ? { allowedMentions: options.allowedMentions } : {},
      );
      const messageIds: string[] = [];
      for (const [index, body] of payloads.entries()) {
        try {
          const key = publishOptions.idempotencyKey;
          const nonce = key ? { nonce: partNonce(key, index), enforce_nonce: true } : {};
          const sent = (await current().rest.post(Routes.channelMessages(channelId), {
            body: { ...body, ...nonce },
          })) as { id: string };
          messageIds.push(sent.id);
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
  return { ok: false, permanent: false, message: `${where}: ${(error as Error)?.message ?? String(error)}` };
}
