import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../io.js';
import { CliError } from '../io.js';
import { loadCliConfig, parseCliArgs } from '../shared.js';

// `govai teams package [--out govai-teams.zip]`: the app package to upload in Teams (or the Developer Portal).

export const teamsCommand: CliCommand = {
  name: 'teams',
  usage: 'teams package [--out <file.zip>]',
  summary:
    'Write the Teams app package (manifest with the bot, its commands and permissions, icons) to upload in Teams.',
  async run(args, io) {
    const { values, positionals } = parseCliArgs('teams', args, { out: { type: 'string', short: 'o' } });
    if (positionals[0] !== 'package') throw new CliError('Usage: govai teams package [--out <file.zip>]');
    const config = loadCliConfig(io);
    const appId = config.env.teams?.appId;
    if (!appId)
      throw new CliError(
        'govai teams package: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID first (see README, ' +
          '"Add govai to Teams")',
      );
    const { buildPackage, MANIFEST_VERSION } = await import('../../adapters/teams/package.js');
    const { zip } = buildPackage(appId, config.file.teams);
    const out = path.resolve(typeof values.out === 'string' ? values.out : 'govai-teams.zip');
    try {
      writeFileSync(out, zip);
    } catch (error) {
      throw new CliError(`govai teams package: cannot write ${out} (${(error as Error).message})`, 1);
    }
    io.stdout.write(
      `Wrote ${out} (manifest ${MANIFEST_VERSION}, bot ${appId}). Upload it in Teams: Apps > Manage your ` +
        `apps > Upload an app.\n`,
    );
    if (!config.file.teams.package.websiteUrl)
      io.stderr.write(
        'note: set teams.package.websiteUrl, privacyUrl and termsOfUseUrl in govai.config.yaml before ' +
          'publishing to your org.\n',
      );
    return 0;
  },
};
