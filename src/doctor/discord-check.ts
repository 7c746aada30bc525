import type { AppContext } from '../app/context.js';
import type { DiscordSettings } from '../config/env.js';
import { inviteUrl } from '../adapters/discord/install.js';
import type { DoctorCheck, DoctorFinding } from './types.js';
import { configuredChannels, platformCheck } from './platform-check.js';

// `govai doctor` for Discord: the token, the application and its Message Content intent, whether /govai is
// registered, and access to every configured channel. Plain REST calls (no gateway, no discord.js load).

const DEFAULT_API = 'https://discord.com/api';
// Application flags: the Message Content intent is enabled (verified apps) or enabled under 100 servers.
const GATEWAY_MESSAGE_CONTENT = 1 << 18;
const GATEWAY_MESSAGE_CONTENT_LIMITED = 1 << 19;

interface ApiResult {
  status: number;
  // Discord JSON, read defensively with optional chaining.
  // biome-ignore lint/suspicious/noExplicitAny: untyped API JSON
  body: any;
}

async function get(settings: DiscordSettings, path: string): Promise<ApiResult> {
  const res = await fetch(`${settings.apiUrl ?? DEFAULT_API}/v10${path}`, {
    headers: { authorization: `Bot ${settings.token}`, 'user-agent': 'govai-doctor' },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the message
  }
  return { status: res.status, body };
}

export const discordCheck: DoctorCheck = platformCheck({
  platform: 'discord',
  label: 'Discord',
  apiName: 'Discord API',
  variables: ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'],
  settings: (ctx) => ctx.config.env.discord,
  enable: 'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (README: "Add govai to Discord").',
  apiUrl: (settings) => settings.apiUrl ?? DEFAULT_API,
  unreachableFix: 'Check the network, a proxy, or DISCORD_API_URL.',
  run: checks,
});

async function checks(ctx: AppContext, settings: DiscordSettings): Promise<DoctorFinding[]> {
  const findings: DoctorFinding[] = [];
  const me = await get(settings, '/users/@me');
  if (me.status === 401) {
    return [
      {
        area: 'discord token',
        status: 'fail',
        message: 'Discord rejected DISCORD_TOKEN (401)',
        fix: 'Developer Portal > your application > Bot > Reset Token, then set DISCORD_TOKEN to the new token.',
      },
    ];
  }
  if (me.status !== 200)
    return [{ area: 'discord token', status: 'fail', message: `GET /users/@me answered ${me.status}` }];
  findings.push({
    area: 'discord token',
    status: 'ok',
    message: `valid: bot user ${me.body?.username ?? '?'} (${me.body?.id ?? '?'})`,
  });

  const app = await get(settings, '/applications/@me');
  if (app.status !== 200) {
    findings.push({
      area: 'discord application',
      status: 'fail',
      message: `GET /applications/@me answered ${app.status}`,
    });
  } else {
    if (String(app.body?.id) !== settings.applicationId) {
      findings.push({
        area: 'discord application',
        status: 'fail',
        message:
          `DISCORD_APPLICATION_ID is ${settings.applicationId} but the token belongs to application ` +
          `${app.body?.id}`,
        fix: 'Copy the Application ID from the Developer Portal (General Information) into DISCORD_APPLICATION_ID.',
      });
    } else
      findings.push({
        area: 'discord application',
        status: 'ok',
        message: `${app.body?.name ?? 'application'} (${settings.applicationId})`,
      });
    const flags = Number(app.body?.flags ?? 0);
    const intent = (flags & (GATEWAY_MESSAGE_CONTENT | GATEWAY_MESSAGE_CONTENT_LIMITED)) !== 0;
    if (intent)
      findings.push({
        area: 'discord intents',
        status: 'ok',
        message: 'Message Content intent enabled: keyword questions work',
      });
    else if (ctx.config.file.discord.messageContent) {
      findings.push({
        area: 'discord intents',
        status: 'warn',
        message:
          'the Message Content intent is off: govai will answer slash commands and @mentions only, not ' +
          'keyword questions',
        fix:
          'Developer Portal > your application > Bot > Privileged Gateway Intents: enable Message Content ' +
          'Intent (or set discord.messageContent: false to silence this).',
      });
    }
  }

  if (settings.guildId) {
    const commands = await get(settings, `/applications/${settings.applicationId}/guilds/${settings.guildId}/commands`);
    const registered =
      commands.status === 200 &&
      Array.isArray(commands.body) &&
      commands.body.some((c: { name?: string }) => c.name === 'govai');
    if (registered)
      findings.push({
        area: 'discord commands',
        status: 'ok',
        message: `/govai is registered in guild ${settings.guildId}`,
      });
    else if (commands.status === 403 || commands.body?.code === 50001) {
      findings.push({
        area: 'discord commands',
        status: 'fail',
        message: `the bot is not in guild ${settings.guildId} (DISCORD_GUILD_ID)`,
        fix: `Invite it: ${inviteUrl(settings.applicationId)}`,
      });
    } else
      findings.push({
        area: 'discord commands',
        status: 'warn',
        message: `/govai is not registered in guild ${settings.guildId}`,
        fix: 'Run `govai discord register` (or set discord.registerCommandsOnStart: true).',
      });
  }

  for (const id of configuredChannels(ctx, 'discord')) findings.push(await channelFinding(settings, id));
  return findings;
}

async function channelFinding(settings: DiscordSettings, id: string): Promise<DoctorFinding> {
  const area = `discord channel ${id}`;
  const res = await get(settings, `/channels/${id}`);
  if (res.status === 200) return { area, status: 'ok', message: `#${res.body?.name ?? id} is visible to the bot` };
  if (res.status === 403 || res.body?.code === 50001) {
    return {
      area,
      status: 'fail',
      message: 'the bot cannot see this channel (Missing Access 50001)',
      fix:
        `Invite the bot to that server (${inviteUrl(settings.applicationId)}), then give it View Channel, ` +
        `Send Messages and Embed Links in this channel.`,
    };
  }
  if (res.status === 404 || res.body?.code === 10003) {
    return {
      area,
      status: 'fail',
      message: 'no such channel (Unknown Channel 10003)',
      fix:
        'Copy the channel id again (Developer Mode > right-click the channel > Copy Channel ID) into ' +
        'govai.config.yaml.',
    };
  }
  return { area, status: 'fail', message: `GET /channels/${id} answered ${res.status}` };
}
