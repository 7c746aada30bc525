import { REST, Routes } from 'discord.js';
import type { DiscordSettings } from '../../config/env.js';
import { commandsBody, type SlashCommandJson } from './commands.js';
import { describeRegisterError } from './setup-errors.js';

// Registers `/govai` with Discord (bulk overwrite, so re-running is safe). Guild commands appear at once;
// global ones can take up to an hour to reach every server.

export type RegisterTarget = { scope: 'guild'; guildId: string } | { scope: 'global' };

export interface RegisterResult {
  route: string;
  scope: RegisterTarget['scope'];
  commands: string[];
}

export async function registerCommands(settings: DiscordSettings, target: RegisterTarget): Promise<RegisterResult> {
  const rest = new REST({ version: '10', ...(settings.apiUrl ? { api: settings.apiUrl } : {}) }).setToken(
    settings.token,
  );
  const route =
    target.scope === 'guild'
      ? Routes.applicationGuildCommands(settings.applicationId, target.guildId)
      : Routes.applicationCommands(settings.applicationId);
  let created: SlashCommandJson[];
  try {
    created = (await rest.put(route, { body: commandsBody() })) as SlashCommandJson[];
  } catch (error) {
    throw describeRegisterError(error, settings, target.scope === 'guild' ? target.guildId : undefined);
  }
  return { route, scope: target.scope, commands: created.map((c) => c.name) };
}

/** Guild when one is given (or configured), global only when asked for. */
export function registerTarget(
  settings: DiscordSettings,
  flags: { guild?: string; global?: boolean },
): RegisterTarget | undefined {
  if (flags.global) return { scope: 'global' };
  const guildId = flags.guild ?? settings.guildId;
  return guildId ? { scope: 'guild', guildId } : undefined;
}
