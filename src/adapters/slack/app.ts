import { App, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { AppContext } from '../../app/context.js';
import type { SlackSettings } from '../../config/env.js';
import { boltLogger } from './bolt-logger.js';
import { createConversation, type ConversationHooks } from '../../app/conversation.js';
import type { MessageOutcome, SlackAdapterSettings } from './listeners/deps.js';
import { registerCommand } from './listeners/command.js';
import { registerMessages } from './listeners/messages.js';
import { registerShareAction } from './listeners/share-action.js';
import type { SlackPublisher } from './publisher.js';
import { GuardedHTTPReceiver } from './receiver.js';

// The Bolt app: transport (HTTP with signature checks, or Socket Mode) plus the listeners. Listeners are
// thin: event -> core -> renderSlack -> send.

export const EVENTS_PATH = '/slack/events';

/** Web API client defaults: a few quick retries, so an unreachable API fails start-up in seconds, not 30 minutes. */
export const DEFAULT_CLIENT_OPTIONS: webApi.WebClientOptions = {
  retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  timeout: 15_000,
};

export interface SlackAppOptions {
  ctx: AppContext;
  settings: SlackSettings;
  publisher: SlackPublisher;
  clientOptions?: webApi.WebClientOptions;
  onMessageOutcome?: (outcome: MessageOutcome) => void;
  /** The conversation owner's hooks (outcomes of every message and command). */
  hooks?: ConversationHooks;
  adapterSettings: SlackAdapterSettings;
  now?: () => number;
}

export function slackClientOptions(
  settings: Pick<SlackSettings, 'apiUrl'>,
  overrides: webApi.WebClientOptions = {},
): webApi.WebClientOptions {
  return { ...DEFAULT_CLIENT_OPTIONS, ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}), ...overrides };
}

/** HTTP mode verifies every request; the settings loader refuses to start it without a secret, so this is a guard. */
function httpSigningSecret(settings: SlackSettings): string {
  if (!settings.signingSecret)
    throw new Error('SLACK_SIGNING_SECRET is missing: HTTP mode cannot verify requests from Slack');
  return settings.signingSecret;
}

export function createSlackApp(options: SlackAppOptions): App {
  const { ctx, settings } = options;
  const logger = boltLogger(ctx.logger);
  const clientOptions = slackClientOptions(settings, options.clientOptions);
  const receiver = settings.appToken
    ? new SocketModeReceiver({
        appToken: settings.appToken,
        logger,
        // apps.connections.open must go to the same Web API (GovSlack); Socket Mode takes it from here.
        installerOptions: { clientOptions: { ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}) } },
      })
    : new GuardedHTTPReceiver({
        signingSecret: httpSigningSecret(settings),
        endpoints: EVENTS_PATH,
        logger,
        // Replayed slash commands and clicks (same trigger_id) are dropped by the receiver.
        seen: ctx.stores.seenEvents,
        ...(options.now ? { now: options.now } : {}),
      });
  // deferInitialization: auth.test runs in `await app.init()`, where a failure can be caught and explained,
  // instead of in the constructor, where it becomes an unhandled rejection.
  const app = new App({ token: settings.botToken, receiver, logger, clientOptions, deferInitialization: true });
  const deps = {
    ctx,
    conversation: createConversation(ctx, options.hooks),
    settings: options.adapterSettings,
    publisher: options.publisher,
    ...(options.onMessageOutcome ? { onMessageOutcome: options.onMessageOutcome } : {}),
  };
  registerCommand(app, deps);
  registerShareAction(app, deps);
  registerMessages(app, deps);
  app.error(async (error) => {
    ctx.logger.error({ err: error }, 'Slack listener failed');
  });
  return app;
}
