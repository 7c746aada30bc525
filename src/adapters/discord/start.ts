import { backgroundSleep } from '../../core/time.js';
import { Events } from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { createConversation, type ConversationHooks } from '../../app/conversation.js';
import type { DiscordAdapterSettings } from './settings.js';
export type { DiscordAdapterSettings };
import type { Publisher } from '../../app/publisher.js';
import type { DiscordSettings } from '../../config/env.js';
import { connectDiscord, type DiscordConnection } from './client.js';
import { onInteraction } from './listeners/interaction.js';
import { onMessage } from './listeners/message.js';
import { createDiscordPublisher } from './publisher.js';
import { registerCommands, registerTarget } from './register.js';
import { createRuntime, type DiscordRuntime } from './runtime.js';

/** The running Discord adapter: its publisher serves scheduled digests to `discord:<channel id>`. */
export interface DiscordAdapter {
  name: 'discord';
  publisher: Publisher;
  runtime: DiscordRuntime;
  connection: DiscordConnection;
  stop(): Promise<void>;
}

/** Discord's slice of the settings (config `discord:`): the listeners read this, not `ctx.config.file`. */

export interface DiscordStartOptions {
  /** Default: the loaded config's `discord:` section. */
  adapterSettings?: DiscordAdapterSettings;
  hooks?: ConversationHooks;
}

export async function startDiscord(
  ctx: AppContext,
  settings: DiscordSettings,
  options: DiscordStartOptions = {},
): Promise<DiscordAdapter> {
  const { logger } = ctx;
  const config = options.adapterSettings ?? ctx.config.file.discord;
  const conversation = createConversation(ctx, options.hooks);
  const runtime = createRuntime(config.allowedMentions, backgroundSleep(ctx.time));
  if (config.registerCommandsOnStart) {
    const target = registerTarget(settings, {}) ?? { scope: 'global' as const };
    try {
      const result = await registerCommands(settings, target);
      logger.info({ route: result.route, scope: result.scope }, 'discord: /govai registered');
    } catch (error) {
      // Registration is an install step: the bot still answers with the commands registered before.
      logger.error({ err: error }, 'discord: registering /govai failed; run `govai discord register` to retry');
    }
  }
  const connection = await connectDiscord({
    settings,
    runtime,
    logger,
    messageContent: config.messageContent,
    wire(client) {
      // One error boundary per event: a failing handler is logged, never crashes the process.
      client.on(Events.InteractionCreate, (interaction) => {
        onInteraction(ctx, conversation, config, runtime, interaction).catch((error) =>
          logger.error({ err: error }, 'discord: interaction handler failed'),
        );
      });
      client.on(Events.MessageCreate, (message) => {
        onMessage(conversation, config, runtime, message, ctx.isAdmin).catch((error) =>
          logger.error({ err: error }, 'discord: message handler failed'),
        );
      });
      client.once(Events.ClientReady, (ready) => {
        logger.info(
          {
            user: ready.user.tag,
            guilds: ready.guilds.cache.size,
            messageContent: !runtime.degraded && config.messageContent,
          },
          'discord: connected',
        );
      });
    },
  });
  const publisher = createDiscordPublisher(() => connection.client(), logger, {
    allowedMentions: config.allowedMentions,
  });
  return { name: 'discord', publisher, runtime, connection, stop: () => connection.stop() };
}
