import type { CliCommand } from '../io.js';
import { CliError } from '../io.js';
import { loadCliConfig, parseCliArgs } from '../shared.js';

// `govai discord register [--guild <id>] [--global]`: the install step that makes `/govai` appear in Discord.
// discord.js is imported lazily so other CLI commands do not pay for loading it.

export const discordCommand: CliCommand = {
  name: 'discord',
  usage: 'discord register [--guild <id>] [--global]',
  summary: 'Register the /govai slash command with Discord (a guild: instant; --global: up to an hour).',
  async run(args, io) {
    const { values, positionals } = parseCliArgs('discord', args, {
      guild: { type: 'string', short: 'g' },
      global: { type: 'boolean' },
    });
    if (positionals[0] !== 'register') throw new CliError('Usage: govai discord register [--guild <id>] [--global]');
    const guild = typeof values.guild === 'string' ? values.guild.trim() : undefined;
    if (guild !== undefined && !/^\d{5,25}$/.test(guild))
      throw new CliError(`govai discord register: --guild must be a numeric guild (server) id (got "${guild}")`);
    if (guild && values.global)
      throw new CliError('govai discord register: use either --guild <id> or --global, not both');
    const config = loadCliConfig(io);
    const settings = config.env.discord;
    if (!settings)
      throw new CliError(
        'govai discord register: set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (see README, "Add govai ' +
          'to Discord")',
      );
    const { registerCommands, registerTarget } = await import('../../adapters/discord/register.js');
    const target = registerTarget(settings, { ...(guild ? { guild } : {}), global: values.global === true });
    if (!target)
      throw new CliError(
        'govai discord register: give --guild <id> (or set DISCORD_GUILD_ID), or --global for every server',
      );
    try {
      const result = await registerCommands(settings, target);
      const where =
        target.scope === 'guild'
          ? `guild ${target.guildId} (available now)`
          : 'every server (global; may take up to an hour to appear)';
      io.stdout.write(`Registered /${result.commands.join(', /')} for ${where}.\n`);
      return 0;
    } catch (error) {
      // registerCommands names the setting to check (DISCORD_API_URL, DISCORD_TOKEN, DISCORD_APPLICATION_ID,
      // DISCORD_GUILD_ID).
      throw new CliError(`govai discord register: ${(error as Error).message}`, 1);
    }
  },
};
