import type { DiscordSettings } from '../../config/env.js';

// Start-up and install failures, as one line naming the setting to fix. discord.js reports a closed port as
// "connect ECONNREFUSED 127.0.0.1:1" and a bad token as "An invalid token was provided."; neither says which
// environment variable is wrong, and a connection failure is not Discord refusing anything.

export const DEFAULT_DISCORD_API = 'https://discord.com/api';

/** A Discord set-up failure whose message names the setting to check (never the token itself). */
export class DiscordSetupError extends Error {
  constructor(
    message: string,
    /** The environment variable (or flag) to check. */
    readonly setting: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DiscordSetupError';
  }
}

type ErrorLike = { name?: unknown; code?: unknown; status?: unknown; message?: unknown; cause?: unknown };

const NETWORK_CODE = /^(?:E[A-Z]+|UND_ERR_[A-Z_]+)$/;

/** A failure to reach the API at all (refused, DNS, reset, timeout), as opposed to an HTTP answer. */
export function isNetworkError(error: unknown): boolean {
  const e = error as ErrorLike | undefined;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.status === 'number') return false;
  if (typeof e.code === 'string' && NETWORK_CODE.test(e.code)) return true;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  // undici's fetch wraps the socket error: TypeError('fetch failed', { cause }).
  return e.cause !== undefined && e.cause !== error && isNetworkError(e.cause);
}

const messageOf = (error: unknown): string => String((error as ErrorLike)?.message ?? error);
const statusOf = (error: unknown): number | undefined => {
  const status = (error as ErrorLike)?.status;
  return typeof status === 'number' ? status : undefined;
};
const codeOf = (error: unknown): unknown => (error as ErrorLike)?.code;

function unreachable(settings: DiscordSettings, error: unknown): DiscordSetupError {
  const url = settings.apiUrl ?? DEFAULT_DISCORD_API;
  const fix = settings.apiUrl
    ? `check DISCORD_API_URL (${url}), or unset it to use ${DEFAULT_DISCORD_API}`
    : `DISCORD_API_URL is not set, so this is ${DEFAULT_DISCORD_API}: check the network or proxy`;
  return new DiscordSetupError(
    `cannot reach the Discord API at ${url} (${messageOf(error)}): ${fix}`,
    'DISCORD_API_URL',
    { cause: error },
  );
}

function badToken(error: unknown): DiscordSetupError {
  return new DiscordSetupError(
    'Discord rejected the bot token (401): check DISCORD_TOKEN (Developer Portal > your application > Bot > ' +
      'Reset Token)',
    'DISCORD_TOKEN',
    { cause: error },
  );
}

/** Why logging in failed; anything not recognised is returned unchanged. */
export function describeLoginError(error: unknown, settings: DiscordSettings): unknown {
  if (isNetworkError(error)) return unreachable(settings, error);
  if (codeOf(error) === 'TokenInvalid' || statusOf(error) === 401) return badToken(error);
  return error;
}

/** Why registering `/govai` failed, naming the id to check. */
export function describeRegisterError(error: unknown, settings: DiscordSettings, guildId: string | undefined): Error {
  if (isNetworkError(error)) return unreachable(settings, error);
  const status = statusOf(error);
  if (status === 401) return badToken(error);
  const answer = `Discord answered ${status} (${String(codeOf(error))}: ${messageOf(error)})`;
  // 10004 Unknown Guild; 50001 Missing Access: the application was not invited there with applications.commands.
  if (guildId !== undefined && (codeOf(error) === 10004 || codeOf(error) === 50001)) {
    return new DiscordSetupError(
      `${answer}: the application is not in guild ${guildId}: check DISCORD_GUILD_ID (or --guild), and ` +
        `invite the bot with the applications.commands scope`,
      'DISCORD_GUILD_ID',
      { cause: error },
    );
  }
  if (status === 403 || status === 404) {
    return new DiscordSetupError(
      `${answer}: check DISCORD_APPLICATION_ID (${settings.applicationId}) is this bot's application id ` +
        `(Developer Portal > General Information)` +
        (guildId !== undefined
          ? `, and DISCORD_GUILD_ID (or --guild, ${guildId}) is a server the bot was invited to with the ` +
            `applications.commands scope`
          : ''),
      'DISCORD_APPLICATION_ID',
      { cause: error },
    );
  }
  if (status !== undefined) return new Error(answer, { cause: error });
  return error instanceof Error ? error : new Error(messageOf(error));
}
