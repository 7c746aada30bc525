import cron from 'node-cron';
import { z } from 'zod';

// The schema of govai.config.yaml. Fields may be added, never renamed (configs in the wild depend on them).

/** `slack:C0123`, `discord:1122...`, `teams:<conversation id>` (e.g. teams:19:abc@thread.tacv2), or `console`. */
export const destinationSchema = z
  .string()
  .trim()
  .regex(
    /^(?:console|slack:[A-Z0-9]{6,20}|discord:\d{5,25}|teams:[A-Za-z0-9][\w:@.;=+/-]{2,300})$/,
    'must be "console", "slack:<channel id>" (e.g. slack:C0123456789), "discord:<channel id>" or ' +
      '"teams:<conversation id>" (e.g. teams:19:abc@thread.tacv2)',
  );

export type Destination = z.infer<typeof destinationSchema>;

const timeZone = z.string().refine(isTimeZone, {
  error: (iss) => `"${String(iss.input)}" is not an IANA time zone (e.g. America/New_York, Europe/Paris, UTC)`,
});

/** A list of words; a single value (`procurement`) is a one-item list. */
const wordList = z.preprocess(
  (v) => (typeof v === 'string' ? [v] : v),
  z.array(z.string().trim().min(1, 'must not be empty'), { error: 'must be a word or a list of words' }),
);

/**
 * A digest's `tags:` or `keywords:` filter: a list (what to include), or `{ include: [...], exclude: [...] }`.
 * `tags: procurement` is `{ include: [procurement], exclude: [] }`.
 */
const includeExclude = z.preprocess(
  (v) => (typeof v === 'string' || Array.isArray(v) ? { include: v } : v),
  z
    .strictObject(
      { include: wordList.default([]), exclude: wordList.default([]) },
      {
        error: (iss) =>
          iss.code === 'unrecognized_keys'
            ? undefined
            : 'must be a list of words, or { include: [...], exclude: [...] }',
      },
    )
    .refine((f) => f.include.length + f.exclude.length > 0, {
      error: 'needs at least one word in include or exclude',
      // Only for a filter that is otherwise valid: an unknown field is the one problem worth saying.
      when: (payload) => payload.issues.length === 0,
    }),
);

export const digestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'must be lowercase letters, digits and dashes'),
  cron: z.string().refine((c) => cron.validate(c), {
    error: (iss) => `"${String(iss.input)}" is not a valid cron expression (5 or 6 fields, node-cron syntax)`,
  }),
  timezone: timeZone.default('UTC'),
  to: z.array(destinationSchema).min(1, 'needs at least one destination'),
  maxItems: z.number().int().min(1).max(25).default(5),
  whenEmpty: z.enum(['skip', 'post']).default('skip'),
  /** Post a missed slot on start when it is younger than this (the process was down at the time). */
  catchUpMinutes: z.number().int().min(0).max(10_080).default(60),
  /** The digest's heading (default `govai digest: <id>`). */
  title: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(150, 'is too long (at most 150 characters)')
    .optional(),
  /** One line under the title, e.g. "Federal AI procurement news from the past week." */
  intro: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(300, 'is too long (at most 300 characters)')
    .optional(),
  /** Only briefings with these tags (and none of the excluded ones). */
  tags: includeExclude.optional(),
  /** Only briefings that mention these words or phrases (and none of the excluded ones). */
  keywords: includeExclude.optional(),
});

const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });

/** Microsoft Teams: which cloud, what the app package declares, and endpoint overrides (tests, proxies). */
export const teamsSchema = z
  .object({
    /** public (commercial), gcc (GCC, on the commercial endpoints), gcch (GCC High), dod (DoD). */
    cloud: z.enum(['public', 'gcc', 'gcch', 'dod']).default('public'),
    /**
     * Ask for the resource-specific consent permissions that deliver channel and group-chat messages without an
     * @mention (keyword triggers). false: the package does not ask, and the bot answers only when mentioned.
     */
    readChannelMessages: z.boolean().default(true),
    /** Each overrides the cloud's default (see src/adapters/teams/clouds.ts). */
    endpoints: z
      .object({
        /** Entra login authority, without the tenant: https://login.microsoftonline.com */
        loginUrl: httpsUrl.optional(),
        /** The scope of the bot's outbound token: https://api.botframework.com/.default */
        tokenScope: z.string().min(1).optional(),
        /** Bot Framework OpenID metadata that publishes the keys signing incoming requests. */
        openIdMetadataUrl: httpsUrl.optional(),
        /** The `iss` of incoming tokens: https://api.botframework.com */
        issuer: z.string().min(1).optional(),
        /** Service URLs the bot may send to (each an URL whose host is allowed). */
        serviceUrls: z.array(httpsUrl).min(1).optional(),
        /** Microsoft Graph, where the bot reads its resource-specific consent grants: https://graph.microsoft.com */
        graphUrl: httpsUrl.optional(),
      })
      .strict()
      .prefault({}),
    /** What `govai teams package` writes into the manifest. */
    package: z
      .object({
        shortName: z.string().trim().min(1).max(30).default('govai'),
        fullName: z.string().trim().min(1).max(100).default('govai: government AI briefings'),
        developerName: z.string().trim().min(1).max(32).default('govai'),
        websiteUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
        privacyUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
        termsOfUseUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
        accentColor: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, 'must be a color such as #1F4E79')
          .default('#1F4E79'),
        version: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 1.0.0')
          .default('1.0.0'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const feedSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
  every: z
    .string()
    .regex(/^\d+\s*(?:s|m|h)$/, 'must be a duration such as 90s, 15m or 2h')
    .default('15m'),
  tags: z.array(z.string()).default([]),
  backfill: z.number().int().min(0).max(100).default(5),
  maxItemsPerPoll: z.number().int().min(1).max(200).default(20),
  source: z.string().optional(),
});

export const configFileSchema = z
  .object({
    digests: z.array(digestSchema).superRefine(uniqueDigests).default([]),
    triggers: z
      .object({
        terms: z.array(z.string().trim().min(1)).default([]),
        channels: z.array(destinationSchema).optional(),
        cooldownSeconds: z.number().int().min(0).max(86_400).default(600),
        requireQuestion: z.boolean().default(true),
        enabled: z.boolean().default(true),
      })
      .prefault({}),
    feeds: z.array(feedSchema).default([]),
    /** Per-item budget for page extraction and feed parsing (each runs in a worker thread, ended past it). */
    ingest: z
      .object({
        budget: z
          .object({
            timeoutSeconds: z.number().min(1).max(600).default(15),
            memoryMb: z.number().int().min(64).max(4096).default(256),
          })
          .prefault({}),
      })
      .prefault({}),
    /** Who may `/govai add`: `slack:U123`, `discord:<user id>` or `discord-role:<role id>`. */
    admins: z
      .array(
        z
          .string()
          .regex(
            /^(?:slack:[A-Z0-9]+|discord:\d+|discord-role:\d+|teams:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|console)$/i,
            'must be slack:<user id>, discord:<user id>, discord-role:<role id>, teams:<Entra object id> or console',
          ),
      )
      .default([]),
    slack: z.object({ responseType: z.enum(['ephemeral', 'in_channel']).default('ephemeral') }).prefault({}),
    discord: z
      .object({
        publicReplies: z.boolean().default(false),
        registerCommandsOnStart: z.boolean().default(false),
        /** Ask for the privileged Message Content intent (keyword triggers); falls back without it. */
        messageContent: z.boolean().default(true),
        /** Let these mention types through (default none: article text never pings anyone). */
        allowedMentions: z.array(z.enum(['users', 'roles', 'everyone'])).default([]),
      })
      .prefault({}),
    teams: teamsSchema.prefault({}),
    fetch: z
      .object({
        timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
        maxBytes: z
          .number()
          .int()
          .min(1_024)
          .max(50 * 1_048_576)
          .default(5 * 1_048_576),
        /** Allow URLs on loopback/private networks (off by default: protects against SSRF). */
        allowPrivateNetworks: z.boolean().default(false),
      })
      .prefault({}),
    digestDays: z.number().int().min(1).max(365).default(7),
    /** Several replicas on PostgreSQL (GOVAI_DATABASE_URL): how long a replica holds work only one may do. */
    replicas: z
      .object({
        /** The Discord gateway lease: a dead holder is replaced after at most this long. */
        leaseSeconds: z.number().int().min(2).max(600).default(30),
      })
      .strict()
      .prefault({}),
    /** The optional model (set up with GOVAI_LLM_PROVIDER): what it is used for, time limits, budgets. */
    llm: z
      .object({
        answers: z.boolean().default(true),
        summaries: z.boolean().default(true),
        /** Per provider call (one attempt). */
        timeoutMs: z.number().int().min(500).max(120_000).default(20_000),
        /** `ask` commands (deferred replies): past this the offline answer is shown. */
        commandTimeoutMs: z.number().int().min(500).max(120_000).default(25_000),
        /** Keyword-triggered answers and mentions: past this the offline answer is posted. */
        triggerTimeoutMs: z.number().int().min(500).max(60_000).default(8_000),
        maxConcurrent: z.number().int().min(1).max(32).default(2),
        /** Input + output tokens per UTC day; 0 = no limit. */
        dailyTokenBudget: z.number().int().min(0).default(200_000),
        maxRetries: z.number().int().min(0).max(5).default(2),
        /** A retry-after longer than this is not waited for. */
        maxRetryWaitMs: z.number().int().min(0).max(120_000).default(10_000),
        maxOutputTokens: z.number().int().min(64).max(4_096).default(600),
        breaker: z
          .object({
            failures: z.number().int().min(1).max(100).default(5),
            cooldownSeconds: z.number().int().min(1).max(86_400).default(60),
          })
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
export type DigestConfig = z.infer<typeof digestSchema>;
export type FeedConfig = z.infer<typeof feedSchema>;

/** Digest ids key the delivery log, and a destination listed twice would get every digest twice. */
function uniqueDigests(digests: DigestConfig[], ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  digests.forEach((d, i) => {
    if (ids.has(d.id))
      ctx.addIssue({
        code: 'custom',
        path: [i, 'id'],
        message: `"${d.id}" is used by another digest; ids must be unique`,
      });
    ids.add(d.id);
    const seen = new Set<string>();
    d.to.forEach((dest, j) => {
      if (seen.has(dest)) ctx.addIssue({ code: 'custom', path: [i, 'to', j], message: `"${dest}" is listed twice` });
      seen.add(dest);
    });
  });
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
