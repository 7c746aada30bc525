import { webApi } from '@slack/bolt';
import type { SlackSettings } from '../../config/env.js';
import type { Logger } from '../../log/logger.js';
import { slackClientOptions } from './app.js';
import { boltLogger } from './bolt-logger.js';
import { createSlackPublisher, type SlackPublisher, type SlackPublisherOptions } from './publisher.js';

/**
 * A Slack publisher over its own Web API client: used by the running adapter, and usable without it
 * (e.g. `govai digest --now`), since posting needs only the bot token, no listener.
 * 429s come back at once (rejectRateLimitedCalls) so the publisher's per-channel queues wait them out
 * in order, instead of the client pausing and retrying behind the queue's back.
 */
export function createSlackWebPublisher(
  settings: Pick<SlackSettings, 'botToken' | 'apiUrl'>,
  logger: Logger,
  options: { clientOptions?: webApi.WebClientOptions; publisher?: SlackPublisherOptions } = {},
): SlackPublisher {
  const client = new webApi.WebClient(settings.botToken, {
    ...slackClientOptions(settings, options.clientOptions),
    logger: boltLogger(logger),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  return createSlackPublisher(client, logger, options.publisher);
}
