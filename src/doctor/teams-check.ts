import type { AppContext } from '../app/context.js';
import type { TeamsSettings } from '../config/env.js';
import { teamsRuntime } from '../adapters/teams/clouds.js';
import { clientCredentialsToken } from '../adapters/teams/token-provider.js';
import { openStore, storeExists, storeLocation } from '../store/store.js';
import type { DoctorFinding } from './types.js';
import type { TeamsConsentRecord } from '../store/teams-consent.js';
import { plural } from '../core/plural.js';
import { configuredChannels, platformCheck } from './platform-check.js';

// `govai doctor` for Teams: a token with the app's credentials from the cloud's Entra endpoint, and a recorded
// conversation reference (from an install or a first message) for every `teams:` destination the config names.

export const teamsCheck = platformCheck({
  platform: 'teams',
  label: 'Teams',
  apiName: 'Entra token endpoint',
  variables: ['TEAMS_APP_ID', 'TEAMS_APP_PASSWORD', 'TEAMS_TENANT_ID'],
  settings: (ctx) => ctx.config.env.teams,
  enable: 'Set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID (README: "Add govai to Teams").',
  apiUrl: () => 'login endpoint of teams.cloud',
  unreachableFix: 'Check the network, a proxy, teams.cloud or teams.endpoints.loginUrl.',
  run: checks,
});

async function checks(ctx: AppContext, settings: TeamsSettings): Promise<DoctorFinding[]> {
  const runtime = teamsRuntime(settings, ctx.config.file.teams);
  const findings: DoctorFinding[] = [];
  try {
    await clientCredentialsToken({ ...runtime }).getToken();
    findings.push({
      area: 'teams token',
      status: 'ok',
      message:
        `got a Bot Framework token for app ${runtime.appId} (${runtime.cloud} cloud, ` +
        `${runtime.endpoints.loginUrl})`,
    });
  } catch (error) {
    findings.push({
      area: 'teams token',
      status: 'fail',
      message: (error as Error).message,
      fix: 'Check TEAMS_APP_ID, TEAMS_APP_PASSWORD (a current client secret Value), TEAMS_TENANT_ID and teams.cloud.',
    });
  }
  const wanted = configuredChannels(ctx, 'teams');
  const store =
    ctx.store ?? (storeExists(ctx.config) ? openStore(storeLocation(ctx.config), { readonly: true }) : undefined);
  try {
    if (store) findings.push(...consentFindings(store.teamsConsent.list()));
    for (const id of wanted) {
      const known = store?.teamsConversations.get(id);
      if (!known) {
        findings.push({
          area: `teams:${id}`,
          status: 'fail',
          message: 'no conversation reference recorded',
          fix:
            'Add the govai app to that team or chat (or @mention it there once) while the bot runs; the log ' +
            'prints the destination it recorded.',
        });
      } else if (known.removedAt !== undefined) {
        findings.push({
          area: `teams:${id}`,
          status: 'fail',
          message: `the bot was removed on ${new Date(known.removedAt).toISOString()}`,
          fix: 'Add the app to that team or chat again, or remove the destination.',
        });
      } else {
        findings.push({
          area: `teams:${id}`,
          status: 'ok',
          message: `conversation reference recorded${known.label ? ` (${known.label})` : ''}`,
        });
      }
    }
  } finally {
    if (store && store !== ctx.store) store.close();
  }
  return findings;
}

/**
 * Where the running bot found that Teams delivers only @mentions (no resource-specific consent), so keyword answers
 * cannot work there whatever the trigger rules say. Granted teams and chats are one line; each other one is named.
 */
export function consentFindings(records: readonly TeamsConsentRecord[]): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  const granted = records.filter((r) => r.state === 'granted');
  if (granted.length > 0)
    findings.push({
      area: 'teams consent',
      status: 'ok',
      message: `messages without an @mention arrive in ${plural(granted.length, 'team or chat', 'teams or chats')}`,
    });
  for (const r of records) {
    const where = `${r.scope.startsWith('team:') ? 'team' : 'group chat'} ${r.label ?? r.scope.slice(5)}`;
    const when = new Date(r.checkedAt).toISOString();
    if (r.state === 'not-granted')
      findings.push({
        area: 'teams consent',
        status: 'warn',
        message: `${where}: resource-specific consent not granted (${r.reason}, ${when}), so govai answers @mentions only there`,
        fix:
          'A team owner re-adds or updates the app and accepts its permissions; a tenant admin may have to allow ' +
          'resource-specific consent in the Teams admin center.',
      });
    else if (r.state === 'unknown')
      findings.push({
        area: 'teams consent',
        status: 'warn',
        message: `${where}: could not tell whether resource-specific consent is granted (${r.reason}, ${when})`,
        fix: 'Check that the app may read its own grants (TeamsAppInstallation.Read RSC) and that Microsoft Graph is reachable.',
      });
  }
  return findings;
}
