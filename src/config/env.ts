import { z } from 'zod';

// The one reader of process.env (with src/config/load.ts). Secrets stay here and in the objects built
// from them; they are never logged (the logger redacts these keys as well).
export const SECRET_KEYS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DISCORD_TOKEN',
  'TEAMS_APP_PASSWORD',
  'ANTHROPIC_API_KEY',
  'GOVAI_LLM_API_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
] as const;

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();
// Discord ids are snowflakes: 64-bit numbers, 17 to 20 decimal digits for anything created since 2015.
const SNOWFLAKE = /^\d{17,20}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const optionalUrl = optionalString.pipe(
  z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).optional(),
);

export const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith('xoxb-', 'must start with "xoxb-" (the Bot User OAuth Token)').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith('xapp-', 'must start with "xapp-" (an app-level token with connections:write)').optional(),
  ),
  SLACK_API_URL: optionalUrl,
  PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number (0-65535)')
      .transform(Number)
      .optional(),
  ),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.pipe(
    z
      .string()
      .regex(
        SNOWFLAKE,
        'must be the application id, 17 to 20 digits (Developer Portal > General Information > Application ID)',
      )
      .optional(),
  ),
  DISCORD_GUILD_ID: optionalString.pipe(
    z
      .string()
      .regex(SNOWFLAKE, 'must be the guild (server) id, 17 to 20 digits (right-click the server > Copy Server ID)')
      .optional(),
  ),
  DISCORD_API_URL: optionalUrl,
  // Microsoft Teams (the Entra app registration behind the Azure Bot): id, client secret, tenant.
  TEAMS_APP_ID: optionalString.pipe(z.string().regex(GUID, 'must be the Application (client) ID, a GUID').optional()),
  TEAMS_APP_PASSWORD: optionalString,
  TEAMS_TENANT_ID: optionalString.pipe(z.string().regex(GUID, 'must be the Directory (tenant) ID, a GUID').optional()),
  TEAMS_PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number (0-65535)')
      .transform(Number)
      .optional(),
  ),
  GOVAI_CONFIG: optionalString,
  GOVAI_DB: optionalString,
  // PostgreSQL instead of the SQLite file, for several replicas. A secret (it may hold a password): never echoed.
  GOVAI_DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\/\S+$/i,
        'must be a postgres:// or postgresql:// URL (postgres://user:password@host:5432/db)',
      )
      .optional(),
  ),
  GOVAI_BRIEFINGS_DIR: optionalString,
  // A stable name per replica (e.g. the pod name): a restarted replica resumes its own in-flight digest sends at once.
  GOVAI_REPLICA_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
      .optional(),
  ),
  GOVAI_CONSOLE: optionalString.pipe(z.enum(['0', '1', 'auto']).optional()),
  LOG_FORMAT: optionalString.pipe(
    z.enum(['json', 'pretty', 'auto'], { error: 'must be json, pretty or auto' }).optional(),
  ),
  LOG_LEVEL: optionalString.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  GOVAI_LLM_PROVIDER: optionalString.pipe(
    z
      .enum(['anthropic', 'bedrock', 'openai-compatible'], { error: 'must be anthropic, bedrock or openai-compatible' })
      .optional(),
  ),
  GOVAI_LLM_MODEL: optionalString,
  GOVAI_LLM_BASE_URL: optionalUrl,
  ANTHROPIC_API_KEY: optionalString,
  GOVAI_LLM_API_KEY: optionalString,
  AWS_REGION: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z]{2}(?:-gov)?-[a-z]+-\d$/, 'must be an AWS region such as us-gov-west-1 or us-east-1')
      .optional(),
  ),
  AWS_DEFAULT_REGION: optionalString,
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  AWS_SESSION_TOKEN: optionalString,
});

export type RawEnv = z.infer<typeof envSchema>;

export interface SlackSettings {
  botToken: string;
  /** Verifies HTTP-mode requests; Socket Mode (appToken set) receives over a WebSocket the app token opens and has no use for it. */
  signingSecret?: string;
  /** Socket Mode when set. */
  appToken?: string;
  /** Web API base, e.g. https://slack.com/api/ (GovSlack and tests change it). */
  apiUrl?: string;
  port: number;
}

export interface DiscordSettings {
  token: string;
  applicationId: string;
  guildId?: string;
  /** REST base without the version, e.g. https://discord.com/api. */
  apiUrl?: string;
}

export interface TeamsSettings {
  appId: string;
  /** The client secret of the app registration. */
  appPassword: string;
  tenantId: string;
  /** Where /api/messages listens (default 3978, the Bot Framework convention). */
  port: number;
}

/** The optional model. Absent = offline only. Secrets live here and are never logged. */
export interface LlmSettings {
  provider: 'anthropic' | 'bedrock' | 'openai-compatible';
  model: string;
  /** Overrides the provider's endpoint (local servers, proxies, tests). */
  baseUrl?: string;
  /** ANTHROPIC_API_KEY (anthropic) or GOVAI_LLM_API_KEY (openai-compatible; optional for local servers). */
  apiKey?: string;
  /** Bedrock: AWS_REGION (or AWS_DEFAULT_REGION), e.g. us-gov-west-1. */
  region?: string;
  /** Bedrock: static keys when set in the environment; otherwise the SDK's AWS credential chain. */
  aws?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-5';

/** What posting to Slack's Web API needs (digests from the CLI): the bot token, not the signing secret. */
export type SlackPosting = Pick<SlackSettings, 'botToken' | 'apiUrl'>;

export interface EnvSettings {
  llm?: LlmSettings;
  /** The Slack adapter's settings: set when the bot can run on Slack (token and signing secret). */
  slack?: SlackSettings;
  /** Set whenever SLACK_BOT_TOKEN is: enough to post (`govai digest --now`). */
  slackPosting?: SlackPosting;
  /** Problems that stop `npm start` but not the CLI (e.g. a token without its signing secret). */
  startProblems?: string[];
  discord?: DiscordSettings;
  teams?: TeamsSettings;
  configPath?: string;
  dbPath: string;
  /** GOVAI_DATABASE_URL: the store is PostgreSQL and dbPath is not used. */
  databaseUrl?: string;
  /** GOVAI_REPLICA_ID: who holds a digest send (see DigestRunDeps.lease). */
  replicaId?: string;
  briefingsDir: string;
  /** Undefined when LOG_LEVEL is not set: the entry point picks (info for servers, warn for the console). */
  logLevel?: NonNullable<RawEnv['LOG_LEVEL']>;
  /** json, pretty, or auto (default: pretty when stderr is a terminal). */
  logFormat?: NonNullable<RawEnv['LOG_FORMAT']>;
  /** When to open the local console: auto = when no chat platform is configured. */
  console: '0' | '1' | 'auto';
}

/** Validates the environment once. Returns every problem together, each naming its variable. */
export function parseEnv(
  env: Record<string, string | undefined>,
): { ok: true; value: EnvSettings } | { ok: false; problems: string[] } {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`),
    };
  }
  const e = parsed.data;
  const problems: string[] = [];
  let slack: SlackSettings | undefined;
  const startProblems: string[] = [];
  if (e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
    if (!e.SLACK_BOT_TOKEN)
      problems.push('SLACK_BOT_TOKEN: is missing (Slack settings are present, so the bot token is needed)');
    // Only the running bot receives requests from Slack; posting (`govai digest --now`, doctor) needs just the token.
    // In Socket Mode (SLACK_APP_TOKEN) Slack sends nothing over HTTP, so there is nothing to verify a secret against.
    const socketMode = Boolean(e.SLACK_APP_TOKEN);
    if (!e.SLACK_SIGNING_SECRET && !socketMode)
      (e.SLACK_BOT_TOKEN ? startProblems : problems).push(
        'SLACK_SIGNING_SECRET: is missing (needed to verify requests from Slack in HTTP mode; ' +
          'set SLACK_APP_TOKEN instead for Socket Mode)',
      );
    if (e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || socketMode)) {
      slack = {
        botToken: e.SLACK_BOT_TOKEN,
        ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
        ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
        ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/` } : {}),
        port: e.PORT ?? 3000,
      };
    }
  }
  let discord: DiscordSettings | undefined;
  if (e.DISCORD_TOKEN || e.DISCORD_APPLICATION_ID || e.DISCORD_GUILD_ID) {
    if (!e.DISCORD_TOKEN)
      problems.push('DISCORD_TOKEN: is missing (Discord settings are present, so the bot token is needed)');
    if (!e.DISCORD_APPLICATION_ID)
      problems.push('DISCORD_APPLICATION_ID: is missing (the application id from the Developer Portal)');
    if (e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID) {
      discord = {
        token: e.DISCORD_TOKEN,
        applicationId: e.DISCORD_APPLICATION_ID,
        ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
        ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL.replace(/\/+$/, '') } : {}),
      };
    }
  }
  let teams: TeamsSettings | undefined;
  if (e.TEAMS_APP_ID || e.TEAMS_APP_PASSWORD || e.TEAMS_TENANT_ID) {
    if (!e.TEAMS_APP_ID)
      problems.push('TEAMS_APP_ID: is missing (the Application (client) ID of the app registration)');
    if (!e.TEAMS_APP_PASSWORD)
      problems.push('TEAMS_APP_PASSWORD: is missing (a client secret of the app registration)');
    if (!e.TEAMS_TENANT_ID)
      problems.push('TEAMS_TENANT_ID: is missing (the Directory (tenant) ID of the app registration)');
    if (e.TEAMS_APP_ID && e.TEAMS_APP_PASSWORD && e.TEAMS_TENANT_ID) {
      teams = {
        appId: e.TEAMS_APP_ID.toLowerCase(),
        appPassword: e.TEAMS_APP_PASSWORD,
        tenantId: e.TEAMS_TENANT_ID.toLowerCase(),
        port: e.TEAMS_PORT ?? 3978,
      };
    }
  }
  const llm = llmSettings(e, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      ...(llm ? { llm } : {}),
      ...(slack ? { slack } : {}),
      ...(e.SLACK_BOT_TOKEN
        ? {
            slackPosting: {
              botToken: e.SLACK_BOT_TOKEN,
              ...(slack?.apiUrl ? { apiUrl: slack.apiUrl } : {}),
              ...(!slack && e.SLACK_API_URL
                ? { apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/` }
                : {}),
            },
          }
        : {}),
      ...(startProblems.length > 0 ? { startProblems } : {}),
      ...(discord ? { discord } : {}),
      ...(teams ? { teams } : {}),
      ...(e.GOVAI_CONFIG ? { configPath: e.GOVAI_CONFIG } : {}),
      dbPath: e.GOVAI_DB ?? './data/govai.db',
      ...(e.GOVAI_DATABASE_URL ? { databaseUrl: e.GOVAI_DATABASE_URL } : {}),
      ...(e.GOVAI_REPLICA_ID ? { replicaId: e.GOVAI_REPLICA_ID } : {}),
      briefingsDir: e.GOVAI_BRIEFINGS_DIR ?? './briefings',
      ...(e.LOG_LEVEL ? { logLevel: e.LOG_LEVEL } : {}),
      ...(e.LOG_FORMAT ? { logFormat: e.LOG_FORMAT } : {}),
      console: e.GOVAI_CONSOLE ?? 'auto',
    },
  };
}

function llmSettings(e: RawEnv, problems: string[]): LlmSettings | undefined {
  if (!e.GOVAI_LLM_PROVIDER) {
    if (e.GOVAI_LLM_MODEL || e.GOVAI_LLM_BASE_URL)
      problems.push(
        'GOVAI_LLM_PROVIDER: is missing (GOVAI_LLM_MODEL or GOVAI_LLM_BASE_URL is set): use anthropic, ' +
          'bedrock or openai-compatible',
      );
    return undefined;
  }
  const base = e.GOVAI_LLM_BASE_URL ? { baseUrl: e.GOVAI_LLM_BASE_URL.replace(/\/+$/, '') } : {};
  switch (e.GOVAI_LLM_PROVIDER) {
    case 'anthropic':
      if (!e.ANTHROPIC_API_KEY) {
        problems.push(
          'ANTHROPIC_API_KEY: is missing (GOVAI_LLM_PROVIDER=anthropic needs an API key from console.anthropic.com)',
        );
        return undefined;
      }
      return {
        provider: 'anthropic',
        model: e.GOVAI_LLM_MODEL ?? DEFAULT_ANTHROPIC_MODEL,
        ...base,
        apiKey: e.ANTHROPIC_API_KEY,
      };
    case 'bedrock': {
      const region = e.AWS_REGION ?? e.AWS_DEFAULT_REGION;
      if (!region)
        problems.push('AWS_REGION: is missing (GOVAI_LLM_PROVIDER=bedrock needs the region, e.g. us-gov-west-1)');
      if (!e.GOVAI_LLM_MODEL)
        problems.push(
          'GOVAI_LLM_MODEL: is missing (the Bedrock model id or inference profile, e.g. ' +
            'us-gov.anthropic.claude-3-7-sonnet-20250219-v1:0)',
        );
      if (Boolean(e.AWS_ACCESS_KEY_ID) !== Boolean(e.AWS_SECRET_ACCESS_KEY))
        problems.push(
          'AWS_SECRET_ACCESS_KEY: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or ' +
            'neither, to use the AWS credential chain)',
        );
      if (!region || !e.GOVAI_LLM_MODEL) return undefined;
      const aws =
        e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
          ? {
              accessKeyId: e.AWS_ACCESS_KEY_ID,
              secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
              ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}),
            }
          : undefined;
      return { provider: 'bedrock', model: e.GOVAI_LLM_MODEL, ...base, region, ...(aws ? { aws } : {}) };
    }
    case 'openai-compatible':
      if (!e.GOVAI_LLM_BASE_URL)
        problems.push(
          'GOVAI_LLM_BASE_URL: is missing (GOVAI_LLM_PROVIDER=openai-compatible needs the server, e.g. ' +
            'http://localhost:8000)',
        );
      if (!e.GOVAI_LLM_MODEL) problems.push('GOVAI_LLM_MODEL: is missing (the model name the server serves)');
      if (!e.GOVAI_LLM_BASE_URL || !e.GOVAI_LLM_MODEL) return undefined;
      return {
        provider: 'openai-compatible',
        model: e.GOVAI_LLM_MODEL,
        ...base,
        ...(e.GOVAI_LLM_API_KEY ? { apiKey: e.GOVAI_LLM_API_KEY } : {}),
      };
  }
}
