import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { AppContext } from '../../../app/context.js';
import type { Conversation } from '../../../app/conversation.js';
import { commandTiming } from '../../../core/commands.js';
import { briefingChoices, commandFromSlash, SLASH_COMMAND_NAME } from '../commands.js';
import type { DiscordAdapterSettings } from '../settings.js';
import { renderDiscord } from '../render.js';
import { toSendOptions as options } from '../send-options.js';
import type { DiscordRuntime } from '../runtime.js';

// `/govai <sub>`: interaction -> core Command -> Reply -> embeds. Acknowledge first (reply or defer within
// 3 s), work second; overflow goes to follow-ups.

export async function onInteraction(
  ctx: AppContext,
  conversation: Conversation,
  settings: DiscordAdapterSettings,
  _rt: DiscordRuntime,
  interaction: Interaction,
): Promise<void> {
  if (interaction.isAutocomplete()) return autocomplete(ctx, interaction);
  if (!interaction.isChatInputCommand() || interaction.commandName !== SLASH_COMMAND_NAME) return;
  const sub = interaction.options.getSubcommand(false) ?? 'help';
  const command = commandFromSlash(sub, (name) => interaction.options.getString(name));
  const flags = settings.publicReplies ? undefined : MessageFlags.Ephemeral;
  const userId = interaction.user.id;
  await conversation.command(
    {
      platform: 'discord',
      command,
      dedupe: [`interaction:${interaction.id}`],
      ref: interaction.id,
      caller: {
        user: `discord:${userId}`,
        channel: `discord:${interaction.channelId}`,
        isAdmin: ctx.isAdmin([`discord:${userId}`, ...memberRoles(interaction).map((r) => `discord-role:${r}`)]),
      },
      // Deferred commands are acknowledged after the replay check, before the work (Discord's 3-second limit).
      ...(commandTiming(command.name) === 'deferred'
        ? { acknowledge: () => interaction.deferReply(flags ? { flags } : {}) }
        : {}),
    },
    async (reply) => {
      // Acknowledge first (deferred commands within 3 s, before the work), then the parts: the first as the reply
      // (or the deferred reply's edit), overflow as follow-ups. A retry after a failure continues the same way.
      for (const part of renderDiscord(reply, { allowedMentions: settings.allowedMentions })) {
        if (interaction.deferred && !interaction.replied) await interaction.editReply(options(part));
        else if (interaction.replied) await interaction.followUp({ ...options(part), ...(flags ? { flags } : {}) });
        else await interaction.reply({ ...options(part), ...(flags ? { flags } : {}) });
      }
      return { ok: true };
    },
  );
}

async function autocomplete(ctx: AppContext, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const choices =
    focused.name === 'briefing' ? briefingChoices(ctx.repository.library().briefings, String(focused.value)) : [];
  try {
    await interaction.respond(choices);
  } catch (error) {
    ctx.logger.warn({ err: error }, 'discord: autocomplete response failed');
  }
}

function memberRoles(interaction: ChatInputCommandInteraction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  if (Array.isArray(roles)) return roles;
  return [...roles.cache.keys()];
}
