import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { AppContext } from '../../../app/context.js';
import { type Conversation, ERROR_TEXT } from '../../../app/conversation.js';
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
  rt: DiscordRuntime,
  interaction: Interaction,
): Promise<void> {
  if (!ctx.stores.seenEvents.firstSeen(`discord:interaction:${interaction.id}`, ctx.clock())) return;
  if (interaction.isAutocomplete()) return autocomplete(ctx, interaction);
  if (!interaction.isChatInputCommand() || interaction.commandName !== SLASH_COMMAND_NAME) return;
  try {
    await slash(ctx, conversation, settings, interaction);
  } catch (error) {
    ctx.logger.error({ err: error, interaction: interaction.id }, 'discord: /govai failed');
    const payload = {
      content: ERROR_TEXT,
      allowedMentions: rt.allowedMentions,
      flags: MessageFlags.Ephemeral as const,
    };
    try {
      if (interaction.deferred || interaction.replied) await interaction.followUp(payload);
      else await interaction.reply(payload);
    } catch (inner) {
      ctx.logger.warn({ err: inner }, 'discord: could not report the failure to the user');
    }
  }
}

async function slash(
  ctx: AppContext,
  conversation: Conversation,
  settings: DiscordAdapterSettings,
  interaction: ChatInputCommandInteraction,
): Promise<void> {
  const sub = interaction.options.getSubcommand(false) ?? 'help';
  const command = commandFromSlash(sub, (name) => interaction.options.getString(name));
  const ephemeral = !settings.publicReplies;
  const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
  const slow = commandTiming(command.name) === 'deferred';
  if (slow) await interaction.deferReply(flags ? { flags } : {});
  const userId = interaction.user.id;
  const reply = await conversation.command('discord', command, {
    user: `discord:${userId}`,
    channel: `discord:${interaction.channelId}`,
    isAdmin: ctx.isAdmin([`discord:${userId}`, ...memberRoles(interaction).map((r) => `discord-role:${r}`)]),
  });
  const [first, ...rest] = renderDiscord(reply, { allowedMentions: settings.allowedMentions });
  if (!first) return;
  if (slow) await interaction.editReply(options(first));
  else await interaction.reply({ ...options(first), ...(flags ? { flags } : {}) });
  for (const more of rest) await interaction.followUp({ ...options(more), ...(flags ? { flags } : {}) });
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
