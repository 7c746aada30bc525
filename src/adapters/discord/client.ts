import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { DiscordSettings } from '../../config/env.js';
import type { Logger } from '../../log/logger.js';
import type { DiscordRuntime } from './runtime.js';
import { describeLoginError } from './setup-errors.js';

// Building and connecting the discord.js client. The one gateway quirk handled here: Discord closes with
// 4014 when the privileged Message Content intent is requested but not enabled in the Developer Portal.
// discord.js treats that as fatal; we reconnect once without the intent and keep serving slash commands
// and mentions (whose content Discord still delivers), instead of crashing or looping.

export const DISALLOWED_INTENTS = 4014;
const NOT_RECOVERABLE = new Set([4004, 4010, 4011, 4012, 4013]);

export interface ConnectOptions {
  settings: DiscordSettings;
  runtime: DiscordRuntime;
  logger: Logger;
  /** Ask for Message Content (config `discord.messageContent`). */
  messageContent: boolean;
  /** Attaches the listeners to a (new) client. */
  wire(client: Client): void;
}

export interface DiscordConnection {
  /** The live client (replaced when the adapter falls back to no Message Content). */
  client(): Client;
  stop(): Promise<void>;
}

export function createDiscordClient(
  settings: DiscordSettings,
  runtime: DiscordRuntime,
  messageContent: boolean,
  logger?: Logger,
): Client {
  const intents = [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    // Direct messages to the bot (their content needs no Message Content intent); a DM channel is not cached
    // before its first message, so discord.js must accept it as a partial channel or it drops the message.
    GatewayIntentBits.DirectMessages,
    ...(messageContent ? [GatewayIntentBits.MessageContent] : []),
  ];
  const client = new Client({
    intents,
    partials: [Partials.Channel],
    // Client-wide default; every send repeats it too, so no code path can ping by accident.
    allowedMentions: runtime.allowedMentions,
    rest: {
      ...(settings.apiUrl ? { api: settings.apiUrl } : {}),
      // Wait out ordinary 429s (the library retries once the bucket resets); give up on very long ones so a
      // scheduled post can be retried later instead of blocking.
      rejectOnRateLimit: (info) => info.retryAfter > 60_000,
    },
  });
  if (logger) containBadPackets(client, logger);
  return client;
}

type PacketHandler = (packet: { t?: unknown; op?: unknown } | undefined, shard: unknown) => boolean;

/**
 * discord.js builds its structures straight from gateway JSON and throws a TypeError on a packet of the wrong
 * shape (`mentions` not an array, `author` missing, ...). The throw happens inside the gateway's message handler,
 * so without this it surfaces as an unhandled rejection or an uncaught exception and ends the process: one bad
 * packet must cost that one event, never the bot. Each dropped packet is logged with its type (never its content).
 */
export function containBadPackets(client: Client, logger: Logger): void {
  const ws = client.ws as unknown as { handlePacket: PacketHandler };
  const original = ws.handlePacket.bind(ws);
  let dropped = 0;
  ws.handlePacket = (packet, shard) => {
    try {
      return original(packet, shard);
    } catch (error) {
      dropped += 1;
      logger.warn(
        { event: typeof packet?.t === 'string' ? packet.t.slice(0, 64) : null, dropped, err: (error as Error).message },
        'discord: dropped a gateway packet discord.js could not handle',
      );
      return true;
    }
  };
}

const isDisallowedIntents = (error: unknown) => /disallowed intents/i.test(String((error as Error)?.message ?? ''));

export async function connectDiscord(options: ConnectOptions): Promise<DiscordConnection> {
  const { settings, runtime, logger } = options;
  let stopped = false;
  let current = createDiscordClient(settings, runtime, options.messageContent && !runtime.degraded, logger);
  const first = current;

  // Both the shard's close event and the rejected login() report the same 4014: fall back exactly once.
  let degrading: Promise<void> | undefined;
  const degrade = (): Promise<void> => {
    degrading ??= fallBack();
    return degrading;
  };
  const fallBack = async (): Promise<void> => {
    if (stopped) return;
    runtime.degraded = true;
    logger.warn(
      'discord: the Message Content intent is not enabled for this bot (gateway close 4014). govai now ' +
        'answers slash commands and @mentions only. ' +
        'To enable keyword questions: Discord Developer Portal > your application > Bot > Privileged ' +
        'Gateway Intents > Message Content Intent, then restart govai.',
    );
    const old = current;
    await old.destroy().catch(() => undefined);
    current = createDiscordClient(settings, runtime, false, logger);
    await start(current);
  };

  async function start(client: Client): Promise<void> {
    options.wire(client);
    client.on(Events.ShardDisconnect, (event, shardId) => {
      if (event.code === DISALLOWED_INTENTS && client === first && options.messageContent)
        void degrade().catch((e) => logger.error({ err: e }, 'discord: reconnect without Message Content failed'));
      else if (NOT_RECOVERABLE.has(event.code))
        logger.error(
          { code: event.code, shardId },
          'discord: the gateway closed for good; check the token and intents (`govai doctor`)',
        );
    });
    client.on(Events.ShardResume, (shardId, replayed) =>
      logger.info({ shardId, replayed }, 'discord: gateway session resumed'),
    );
    client.on(Events.ShardError, (error) => {
      // The 4014 refusal also arrives here; it gets its own single, actionable warning above.
      if (isDisallowedIntents(error)) logger.debug({ err: error }, 'discord: gateway refused the intents');
      else logger.warn({ err: error }, 'discord: gateway error');
    });
    // An 'error' event without a listener would throw and end the process.
    client.on(Events.Error, (error) => logger.error({ err: error }, 'discord: client error'));
    try {
      await client.login(settings.token);
    } catch (error) {
      if (isDisallowedIntents(error) && options.messageContent && client === first) {
        // 4014 during the first connect rejects login(): the same fallback, once.
        await degrade();
        return;
      }
      // A failed first login leaves nothing to serve: free the client, and say which setting to fix.
      await client.destroy().catch(() => undefined);
      throw describeLoginError(error, settings);
    }
  }

  await start(current);
  return {
    client: () => current,
    async stop() {
      stopped = true;
      await current.destroy();
    },
  };
}
