import type { AppContext } from '../app/context.js';
import type { SlackSettings } from '../config/env.js';
import type { DoctorCheck, DoctorFinding } from './types.js';
import { configuredChannels, platformCheck } from './platform-check.js';

// `govai doctor` for Slack: the token (auth.test), its scopes (x-oauth-scopes), the app token for Socket
// Mode, and the bot's membership in every configured channel. Plain HTTPS calls: Bolt is not loaded.

const DEFAULT_API = 'https://slack.com/api/';
// What each scope is for, read after "needed for" in a finding: "missing chat:write (needed for posting ...)".
export const REQUIRED_SCOPES: Record<string, string> = {
  commands: 'the /govai command',
  'chat:write': 'posting answers and digests',
  'app_mentions:read': '@govai mentions',
  'channels:history': 'keyword-triggered answers in public channels',
};
export const OPTIONAL_SCOPES: Record<string, string> = {
  'groups:history': 'keyword-triggered answers in private channels',
  'im:history': 'direct messages to the bot',
  'channels:read': "this doctor's check that the bot is in each public channel",
  'groups:read': "this doctor's check that the bot is in each private channel",
};
const scopeList = (scopes: string[], purposes: Record<string, string>) =>
  scopes.map((s) => `${s} (needed for ${purposes[s]})`).join(', ');
const REINSTALL =
  'Add the scopes under "OAuth & Permissions" (or re-create the app from slack-app-manifest.yaml), then ' +
  'reinstall the app to the workspace.';

interface ApiResult {
  // biome-ignore lint/suspicious/noExplicitAny: untyped API JSON, read defensively
  body: any;
  headers: Headers;
}

async function call(
  settings: Pick<SlackSettings, 'apiUrl'>,
  token: string,
  method: string,
  params: Record<string, string> = {},
): Promise<ApiResult> {
  const res = await fetch(`${settings.apiUrl ?? DEFAULT_API}${method}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'govai-doctor',
    },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} answered HTTP ${res.status}`);
  try {
    return { body: JSON.parse(text), headers: res.headers };
  } catch {
    throw new Error(`${method} did not answer JSON (is SLACK_API_URL the Web API base, ending in /api/?)`);
  }
}

const slackPlatform: DoctorCheck = platformCheck({
  platform: 'slack',
  label: 'Slack',
  apiName: 'Slack Web API',
  variables: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'],
  settings: (ctx) => ctx.config.env.slack,
  enable: 'Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (README: "Add govai to Slack").',
  apiUrl: (settings) => settings.apiUrl ?? DEFAULT_API,
  unreachableFix: 'Check the network, a proxy, or SLACK_API_URL (GovSlack has its own domain).',
  run: checks,
});

/** A token without its signing secret can post digests from the CLI, but the bot cannot run on Slack: say so. */
export const slackCheck: DoctorCheck = {
  name: slackPlatform.name,
  async run(ctx) {
    const startProblems = (ctx.config.env.startProblems ?? []).filter((p) => p.startsWith('SLACK_'));
    if (ctx.config.env.slack || !ctx.config.env.slackPosting || startProblems.length === 0)
      return slackPlatform.run(ctx);
    return startProblems.map((p) => ({
      area: 'slack',
      status: 'fail' as const,
      message:
        `${p.replace(/^(\w+): /, '$1 ')}: \`govai digest --now\` can post with SLACK_BOT_TOKEN alone, but the ` +
        `bot cannot run on Slack`,
      fix:
        'Copy the Signing Secret ("Basic Information" > "App Credentials") into SLACK_SIGNING_SECRET, ' +
        'or use Socket Mode (SLACK_APP_TOKEN), which needs none.',
    }));
  },
};

async function checks(ctx: AppContext, settings: SlackSettings): Promise<DoctorFinding[]> {
  const auth = await call(settings, settings.botToken, 'auth.test');
  if (!auth.body?.ok) {
    return [
      {
        area: 'slack token',
        status: 'fail',
        message: `Slack refused SLACK_BOT_TOKEN (${auth.body?.error ?? 'unknown error'})`,
        fix:
          'Copy the "Bot User OAuth Token" (xoxb-...) from the app\'s "OAuth & Permissions" page into ' +
          'SLACK_BOT_TOKEN.',
      },
    ];
  }
  const findings: DoctorFinding[] = [
    {
      area: 'slack token',
      status: 'ok',
      message:
        `valid: bot @${auth.body.user ?? '?'} (${auth.body.user_id ?? '?'}) in ` +
        `${auth.body.team ?? '?'} (${auth.body.team_id ?? '?'})`,
    },
  ];

  const header = auth.headers.get('x-oauth-scopes');
  if (header === null) {
    findings.push({
      area: 'slack scopes',
      status: 'warn',
      message: 'Slack did not report the token scopes (no x-oauth-scopes header)',
    });
  } else {
    const granted = new Set(
      header
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    const missing = Object.keys(REQUIRED_SCOPES).filter((s) => !granted.has(s));
    const missingOptional = Object.keys(OPTIONAL_SCOPES).filter((s) => !granted.has(s));
    if (missing.length > 0) {
      findings.push({
        area: 'slack scopes',
        status: 'fail',
        message: `missing ${scopeList(missing, REQUIRED_SCOPES)}`,
        fix: REINSTALL,
      });
    } else
      findings.push({
        area: 'slack scopes',
        status: 'ok',
        message: `required scopes granted (${Object.keys(REQUIRED_SCOPES).join(', ')})`,
      });
    if (missingOptional.length > 0) {
      findings.push({
        area: 'slack scopes',
        status: 'warn',
        message: `missing optional ${scopeList(missingOptional, OPTIONAL_SCOPES)}`,
        fix: REINSTALL,
      });
    }
  }

  if (settings.appToken) {
    const socket = await call(settings, settings.appToken, 'apps.connections.open');
    findings.push(
      socket.body?.ok
        ? { area: 'slack socket mode', status: 'ok', message: 'SLACK_APP_TOKEN can open a Socket Mode connection' }
        : {
            area: 'slack socket mode',
            status: 'fail',
            message: `SLACK_APP_TOKEN was refused (${socket.body?.error ?? 'unknown error'})`,
            fix:
              'Turn on Socket Mode in the app settings and create an app-level token with connections:write ' +
              '("Basic Information" > "App-Level Tokens").',
          },
    );
  } else {
    findings.push({
      area: 'slack mode',
      status: 'ok',
      message: `HTTP mode: Slack must reach this process at https://<your host>/slack/events (PORT ${settings.port})`,
    });
  }

  for (const channel of configuredChannels(ctx, 'slack')) findings.push(await channelFinding(settings, channel));
  return findings;
}

async function channelFinding(settings: SlackSettings, channel: string): Promise<DoctorFinding> {
  const area = `slack channel ${channel}`;
  const info = await call(settings, settings.botToken, 'conversations.info', { channel });
  if (!info.body?.ok) {
    const error = String(info.body?.error ?? 'unknown error');
    if (error === 'channel_not_found') {
      return {
        area,
        status: 'fail',
        message: 'not found (a wrong id, or a private channel the bot was not invited to)',
        fix:
          'Check the id (channel name > "About", at the bottom). For a private channel, type /invite @govai ' +
          'in it first.',
      };
    }
    if (error === 'missing_scope')
      return {
        area,
        status: 'warn',
        message: 'cannot check membership: the token lacks channels:read / groups:read',
        fix: REINSTALL,
      };
    return { area, status: 'fail', message: `conversations.info failed (${error})` };
  }
  const name = info.body.channel?.name ? `#${info.body.channel.name}` : channel;
  if (info.body.channel?.is_archived)
    return {
      area,
      status: 'fail',
      message: `${name} is archived`,
      fix: 'Unarchive it or remove it from govai.config.yaml.',
    };
  if (info.body.channel?.is_member === false) {
    return {
      area,
      status: 'fail',
      message: `the bot is not a member of ${name}: posts there fail with not_in_channel`,
      fix: `In Slack, open ${name} and type /invite @govai.`,
    };
  }
  return { area, status: 'ok', message: `the bot is a member of ${name}` };
}
