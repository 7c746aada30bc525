import type { Time } from '../core/time.js';
import { systemTime } from '../time/system-time.js';
import type { Publisher } from '../app/publisher.js';
import type { AppConfig } from '../config/load.js';
import type { Logger } from '../log/logger.js';
import type { Platform } from '../schedule/destinations.js';
import type { GovaiStore } from '../store/store.js';

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
  store?: GovaiStore,
  time: Time = systemTime,
): Promise<StandalonePublisher | { unavailable: string }> {
  if (platform === 'teams') {
    // A proactive Teams post needs the app's credentials (a client-credentials token) and the conversation
    // reference the running bot recorded in the store when it was installed there: no listener is needed.
    const settings = config.env.teams;
    if (!settings)
      return { unavailable: 'Teams is not configured (set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID)' };
    if (!store) return { unavailable: 'Teams digests need the store (GOVAI_DB) where the bot keeps its conversations' };
    const { teamsRuntime } = await import('../adapters/teams/clouds.js');
    const { clientCredentialsToken } = await import('../adapters/teams/token-provider.js');
    const { createCloudAdapter } = await import('../adapters/teams/sdk.js');
    const { createTeamsPublisher } = await import('../adapters/teams/publisher.js');
    const runtime = teamsRuntime(settings, config.file.teams);
    const adapter = createCloudAdapter(runtime, clientCredentialsToken(runtime), logger);
    const publisher = createTeamsPublisher({
      adapter,
      appId: runtime.appId,
      conversations: store.teamsConversations,
      logger,
      send: { sleep: (ms) => time.sleep(ms), maxWaitMs: 120_000 },
    });
    return { publisher, close: async () => undefined };
  }
  if (platform === 'discord') {
    const settings = config.env.discord;
    if (!settings) return { unavailable: 'Discord is not configured (set DISCORD_TOKEN and DISCORD_APPLICATION_ID)' };
    // REST only: the publisher posts with client.rest, which needs a token but no gateway login.
    const { restDiscordPublisher } = await import('../adapters/discord/rest-publisher.js');
    return restDiscordPublisher(settings, config.file.discord.allowedMentions, logger);
  }
  // Posting needs only the bot token (no signing secret: nothing is received here).
  const settings = config.env.slackPosting;
  if (!settings)
    return { unavailable: 'Slack is not configured (set SLACK_BOT_TOKEN; posting needs no signing secret)' };
  // Posting needs only the bot token and the Web API (no listener, no Socket Mode).
  const { createSlackWebPublisher } = await import('../adapters/slack/web-publisher.js');
  // Its retry backoff waits on the CLI's time port (a manual one in tests).
  return {
    publisher: createSlackWebPublisher(settings, logger, { publisher: { time } }),
    close: async () => undefined,
  };
}
