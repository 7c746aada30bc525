import { backgroundSleep } from '../../core/time.js';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../../app/context.js';
import { createConversation, type ConversationHooks } from '../../app/conversation.js';
import type { ConfigFile } from '../../config/file-schema.js';
import type { Publisher } from '../../app/publisher.js';
import type { TeamsSettings } from '../../config/env.js';
import { memoryTeamsConversations, type TeamsConversationStore } from '../../store/teams-conversations.js';
import { createTokenValidator } from './auth.js';
import { teamsRuntime, type TeamsRuntime } from './clouds.js';
import { createTeamsPublisher } from './publisher.js';
import { createCloudAdapter, type SendOptions, sendMessages } from './sdk.js';
import { createTeamsServer, MESSAGES_PATH } from './server.js';
import { clientCredentialsToken } from './token-provider.js';
import type { IncomingActivity } from './activity.js';
import { type ConsentProbe, createConsentProbe } from './consent.js';
import { handleTurn, type TeamsOutcome } from './turn.js';

export interface TeamsStartOptions {
  /** Default: `ctx.config.env.teams`. */
  settings?: TeamsSettings;
  /** Where to listen (default: settings.port on every interface). */
  listen?: { port: number; host?: string };
  onOutcome?: (outcome: TeamsOutcome) => void;
  /** The conversation owner's hooks (outcomes of every message and command, after the reply was sent). */
  hooks?: ConversationHooks;
  /** Teams' slice of the settings (config `teams:`); default: the loaded config's. */
  adapterSettings?: ConfigFile['teams'];
  /** How throttling waits are taken (tests pass a recording sleep). */
  sleep?: (ms: number) => Promise<void>;
  /** How long one post may go unanswered before it is uncertain (default 15 s; tests shorten it). */
  sendTimeoutMs?: number;
}

/** What main.ts keeps of a running adapter (the shape of RunningAdapter, without importing main.ts). */
export interface RunningTeams {
  name: 'teams';
  publisher: Publisher;
  runtime: TeamsRuntime;
  port: number;
  conversations: TeamsConversationStore;
  /** Present when the bot asks for un-mentioned messages and its trigger rules listen for them. */
  consent?: ConsentProbe;
  stop(): Promise<void>;
}

/** Starts the Teams adapter: /api/messages on its own port, and the publisher for `teams:` digests. */
export async function startTeams(ctx: AppContext, options: TeamsStartOptions = {}): Promise<RunningTeams> {
  const settings = options.settings ?? ctx.config.env.teams;
  if (!settings) throw new Error('Teams is not configured: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID');
  const runtime = teamsRuntime(settings, options.adapterSettings ?? ctx.config.file.teams);
  const { logger } = ctx;
  const conversations = ctx.store?.teamsConversations ?? memoryTeamsConversations();
  const tokens = clientCredentialsToken({ ...runtime, endpoints: runtime.endpoints }, { clock: ctx.clock });
  const adapter = createCloudAdapter(runtime, tokens, logger);
  const validator = createTokenValidator({
    openIdMetadataUrl: runtime.endpoints.openIdMetadataUrl,
    issuer: runtime.endpoints.issuer,
    appId: runtime.appId,
  });
  const send: SendOptions = {
    sleep: options.sleep ?? backgroundSleep(ctx.time),
    ...(options.sendTimeoutMs !== undefined ? { timeoutMs: options.sendTimeoutMs } : {}),
  };
  // Whether chatter is answered is the core's trigger rule (the bot's), not this adapter's reading of the config.
  // Asking for channel messages is no proof of getting them: each team's grant is checked once (consent.ts).
  const consent =
    ctx.bot.listensPassively && runtime.readChannelMessages
      ? createConsentProbe({
          appId: runtime.appId,
          graphUrl: runtime.endpoints.graphUrl,
          graphToken: clientCredentialsToken(
            { ...runtime, endpoints: { ...runtime.endpoints, tokenScope: `${runtime.endpoints.graphUrl}/.default` } },
            { clock: ctx.clock },
          ),
          connectorToken: tokens,
          serviceHosts: runtime.endpoints.serviceUrls.map((u) => new URL(u).host),
          logger,
          clock: ctx.clock,
          ...(ctx.store ? { remember: (entry) => ctx.store!.teamsConsent.record(entry) } : {}),
        })
      : undefined;
  const deps = {
    conversation: createConversation(ctx, options.hooks),
    ...(consent ? { consent } : {}),
    conversations,
    logger,
    clock: ctx.clock,
    isAdmin: ctx.isAdmin,
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
  };

  if (ctx.bot.listensPassively && !runtime.readChannelMessages) {
    logger.info(
      'Teams: teams.readChannelMessages is false, so the app does not ask for channel messages ' +
        '(ChannelMessage.Read.Group): in channels and group chats govai answers only when @mentioned',
    );
  }
  const server = createTeamsServer({
    adapter,
    validator,
    logger,
    logic: async (context) => {
      await handleTurn(deps, {
        activity: context.activity as unknown as IncomingActivity,
        send: (messages) => sendMessages(context, messages, send, `teams:${context.activity.conversation?.id ?? '?'}`),
      });
    },
  });
  const listen = options.listen ?? { port: settings.port };
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new Error(`Teams: cannot listen on port ${listen.port} (${error.message}). Set TEAMS_PORT to a free port.`),
      ),
    );
    server.listen(listen.port, listen.host, () => resolve((server.address() as AddressInfo).port));
  });
  logger.info({ port, cloud: runtime.cloud }, `Teams adapter listening for activities at ${MESSAGES_PATH}`);
  const publisher = createTeamsPublisher({
    adapter,
    appId: runtime.appId,
    conversations,
    logger,
    send: { ...send, maxWaitMs: 120_000 },
    clock: ctx.clock,
  });
  return {
    name: 'teams',
    publisher,
    runtime,
    port,
    conversations,
    ...(consent ? { consent } : {}),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
