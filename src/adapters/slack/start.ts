import type { AddressInfo } from 'node:net';
import type { App, webApi } from '@slack/bolt';
import type { AppContext } from '../../app/context.js';
import type { SlackSettings } from '../../config/env.js';
import type { RunningAdapter } from '../../app/running.js';
import { errorCause } from '../../log/error-cause.js';
import { createSlackApp } from './app.js';
import type { ConversationHooks } from '../../app/conversation.js';
import type { MessageOutcome, SlackAdapterSettings } from './listeners/deps.js';
import type { SlackPublisher, SlackPublisherOptions } from './publisher.js';
import { createSlackWebPublisher } from './web-publisher.js';

export interface SlackStartOptions {
  /** Default: `ctx.config.env.slack`. */
  settings?: SlackSettings;
  /** HTTP mode: where to listen (default: settings.port on every interface). */
  listen?: { port: number; host?: string };
  /** Merged over the Web API client defaults (tests: `retryConfig: { retries: 0 }`). */
  clientOptions?: webApi.WebClientOptions;
  publisher?: SlackPublisherOptions;
  onMessageOutcome?: (outcome: MessageOutcome) => void;
  hooks?: ConversationHooks;
  /** Slack's settings slice (config `slack:`); default: the loaded config's. */
  adapterSettings?: SlackAdapterSettings;
  now?: () => number;
}

export interface RunningSlack extends RunningAdapter {
  name: 'slack';
  /** Posts to channels by id: what the digest scheduler uses. */
  publisher: SlackPublisher;
  app: App;
  /** HTTP mode: the port actually bound. */
  port?: number;
}

/**
 * Starts the Slack adapter. Throws an Error whose message says what to fix when Slack is unreachable or refuses the
 * token.
 */
export async function startSlack(ctx: AppContext, options: SlackStartOptions = {}): Promise<RunningSlack> {
  const settings = options.settings ?? ctx.config.env.slack;
  if (!settings) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  const apiUrl = settings.apiUrl ?? 'https://slack.com/api/';
  const publisher = createSlackWebPublisher(settings, ctx.logger, {
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    publisher: { time: ctx.time, ...options.publisher },
  });
  const app = createSlackApp({
    ctx,
    settings,
    publisher,
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    ...(options.onMessageOutcome ? { onMessageOutcome: options.onMessageOutcome } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    adapterSettings: options.adapterSettings ?? ctx.config.file.slack,
    ...(options.now ? { now: options.now } : {}),
  });
  try {
    await app.init();
  } catch (error) {
    throw new Error(describeInitError(error, apiUrl));
  }
  let port: number | undefined;
  if (settings.appToken) {
    try {
      await app.start();
    } catch (error) {
      throw new Error(
        `Slack Socket Mode could not connect (${(error as Error).message}). Check SLACK_APP_TOKEN (an xapp- ` +
          `token with connections:write) and that Socket Mode is on in the app settings.`,
      );
    }
    ctx.logger.info('Slack adapter connected (Socket Mode)');
  } else {
    const listen = options.listen ?? { port: settings.port };
    try {
      const server = (await app.start(listen)) as unknown as { address(): AddressInfo | string | null };
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : listen.port;
    } catch (error) {
      throw new Error(
        `Slack: cannot listen on port ${listen.port} (${(error as Error).message}). Set PORT to a free port.`,
      );
    }
    ctx.logger.info({ port }, 'Slack adapter listening for requests at /slack/events');
  }
  return {
    name: 'slack',
    publisher,
    app,
    ...(port !== undefined ? { port } : {}),
    stop: () => app.stop().then(() => undefined),
  };
}

export function describeInitError(error: unknown, apiUrl: string): string {
  const e = error as {
    code?: string;
    data?: { error?: string };
    statusCode?: number;
    message?: string;
    original?: unknown;
  };
  const slackError = e?.data?.error;
  if (
    slackError &&
    ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired'].includes(slackError)
  ) {
    return (
      `Slack refused SLACK_BOT_TOKEN (${slackError}). Copy the Bot User OAuth Token (xoxb-...) from the app's ` +
      `"OAuth & Permissions" page, or reinstall the app.`
    );
  }
  if (slackError)
    return `Slack auth.test failed with "${slackError}" at ${apiUrl}. Check SLACK_BOT_TOKEN and SLACK_API_URL.`;
  if (e?.code === 'slack_webapi_http_error')
    return `The Slack Web API at ${apiUrl} answered HTTP ${e.statusCode} to auth.test. Check SLACK_API_URL.`;
  // The cause (connect ECONNREFUSED 127.0.0.1:4998), as Discord and the doctor give it, not undici's bare "fetch
  // failed".
  const detail = errorCause(e?.original ?? error);
  return (
    `Cannot reach the Slack Web API at ${apiUrl} (auth.test: ${detail}). Check the network, or SLACK_API_URL ` +
    `if you set it (GovSlack uses its own domain).`
  );
}
