import type { FindOptions, FindResult, PublishOptions, PublishResult, Publisher } from '../app/publisher.js';
import type { Reply } from '../core/reply.js';
import type { Logger } from '../log/logger.js';

// A destination names a platform and a channel: `slack:C0123`, `discord:1122...`, `teams:19:...@thread.tacv2`, or
// `console`.

export type Platform = Publisher['platform'];

export interface ParsedDestination {
  platform: Platform;
  channelId: string;
}

export function parseDestination(destination: string): ParsedDestination | undefined {
  if (destination === 'console') return { platform: 'console', channelId: 'console' };
  const m = /^(slack|discord|teams):(.+)$/.exec(destination);
  return m ? { platform: m[1] as Platform, channelId: m[2]! } : undefined;
}

export interface DestinationRouter {
  publish(destination: string, reply: Reply, options?: PublishOptions): Promise<PublishResult>;
  /** Looks for an earlier post with this key; undefined where the platform cannot be asked. */
  find(destination: string, reply: Reply, key: string, options: FindOptions): Promise<FindResult | undefined>;
  /** The platform's name for the destination (`slack`, ...), if it parses. */
  platformOf(destination: string): Platform | undefined;
  /** Platforms that have a publisher. */
  readonly platforms: readonly Platform[];
}

/**
 * Routes each destination to its platform's Publisher. A destination whose platform is not running is a permanent
 * failure with a clear message (logged once per destination), never a crash, and never blocks the other destinations.
 */
export function createDestinationRouter(
  publishers: Partial<Record<Platform, Publisher>>,
  logger: Logger,
): DestinationRouter {
  const warned = new Set<string>();
  return {
    platforms: Object.keys(publishers) as Platform[],
    async publish(destination, reply, options) {
      const parsed = parseDestination(destination);
      if (!parsed)
        return {
          ok: false,
          permanent: true,
          message:
            `"${destination}" is not a destination (use console, slack:<channel id>, discord:<channel id> or ` +
            `teams:<conversation id>)`,
        };
      const publisher = publishers[parsed.platform];
      if (!publisher) {
        const message =
          `${parsed.platform} is not configured, so "${destination}" cannot be served ` +
          `(${HOW_TO_ENABLE[parsed.platform]})`;
        if (!warned.has(destination)) {
          warned.add(destination);
          logger.error({ destination }, message);
        }
        return { ok: false, permanent: true, message };
      }
      try {
        return await publisher.publish(parsed.channelId, reply, options);
      } catch (error) {
        // The port says publishers never throw; if one does anyway, treat it as transient so it is retried, not lost.
        return { ok: false, permanent: false, message: `publisher threw: ${(error as Error).message}` };
      }
    },
    async find(destination, reply, key, options) {
      const parsed = parseDestination(destination);
      const publisher = parsed ? publishers[parsed.platform] : undefined;
      if (!parsed || !publisher?.find) return undefined;
      try {
        const parts = publisher.parts?.(reply) ?? options.parts;
        return await publisher.find(parsed.channelId, reply, key, { ...options, parts });
      } catch (error) {
        return { ok: false, message: `looking up the earlier post failed: ${(error as Error).message}` };
      }
    },
    platformOf: (destination) => parseDestination(destination)?.platform,
  };
}

const HOW_TO_ENABLE: Record<Platform, string> = {
  slack: 'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET',
  discord: 'set DISCORD_TOKEN and DISCORD_APPLICATION_ID',
  teams: 'set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID',
  console: 'run with GOVAI_CONSOLE=1 or auto',
};
