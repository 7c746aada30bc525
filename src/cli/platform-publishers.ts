import type { Publisher } from '../app/publisher.js';
import type { AppConfig } from '../config/load.js';
import type { Logger } from '../log/logger.js';
import type { Platform } from '../schedule/destinations.js';

/** A publisher built outside the running bot (for `govai digest --now`), with what it holds open. */
export interface StandalonePublisher {
  publisher: Publisher;
  close(): Promise<void>;
}

/**
 * Builds a platform's publisher without starting its adapter (no gateway, no HTTP listener): only its Web/REST API.
 * Returns a reason instead when the platform is not configured or cannot publish from here.
 */
export async function standalonePublisher(
  platform: Exclude<Platform, 'console'>,
  config: AppConfig,
  logger: Logger,
): Promise<StandalonePublisher | { unavailable: string }> {
  if (platform === 'teams') {
    // A proactive Teams post needs the conversation reference the running bot recorded, and the adapter's token.
    return {
      unavailable:
        'Teams digests are sent by the running bot (npm start with TEAMS_APP_ID set); `digest --now` does not post to teams: destinations yet',
    };
  }
  if (platform === 'discord') {
    const settings = config.env.discord;
    if (!settings) return { unavailable: 'Discord is not configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID' };
    const { Client } = await import('discord.js');
    const { createDiscordPublisher } = await import('../adapters/discord/publisher.js');
    const allowedMentions = config.file.discord.allowedMentions;
    // REST only: the publisher posts with client.rest, which needs a token but no gateway login.
    const client = new Client({
      intents: [],
      allowedMentions: { parse: [...allowedMentions] },
      rest: {
        ...(settings.apiUrl ? { api: settings.apiUrl } : {}),
        rejectOnRateLimit: (info) => info.retryAfter > 60_000,
      },
    });
    client.rest.setToken(settings.token);
    return { publisher: createDiscordPublisher(client, logger, { allowedMentions }), close: () => client.destroy() };
  }
  const settings = config.env.slack;
  if (!settings) return { unavailable: 'Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET' };
  // Posting needs only the bot token and the Web API (no listener, no Socket Mode).
  const { createSlackWebPublisher } = await import('../adapters/slack/web-publisher.js');
  return { publisher: createSlackWebPublisher(settings, logger), close: async () => undefined };
}
