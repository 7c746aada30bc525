import { Client } from 'discord.js';
import type { Publisher } from '../../app/publisher.js';
import type { Logger } from '../../log/logger.js';
import { createDiscordPublisher } from './publisher.js';
import type { DiscordAdapterSettings } from './settings.js';

/**
 * A Discord publisher over REST only: no gateway login, so any number of processes may post (`govai digest --now`,
 * replicas that do not hold the gateway). It needs only the bot token.
 */
export function restDiscordPublisher(
  settings: { token: string; apiUrl?: string },
  allowedMentions: DiscordAdapterSettings['allowedMentions'],
  logger: Logger,
): { publisher: Publisher; close(): Promise<void> } {
  const client = new Client({
    intents: [],
    allowedMentions: { parse: [...allowedMentions] },
    rest: {
      ...(settings.apiUrl ? { api: settings.apiUrl } : {}),
      rejectOnRateLimit: (info) => info.retryAfter > 60_000,
    },
  });
  client.rest.setToken(settings.token);
  return {
    publisher: createDiscordPublisher(client, logger, { allowedMentions }),
    close: () => client.destroy(),
  };
}
