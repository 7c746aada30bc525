import type { Time } from '../../src/core/time.js';
import type { ChatOutcome, CommandOutcome } from '../../src/app/conversation.js';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { startDiscord, type DiscordAdapter } from '../../src/adapters/discord/start.js';
import type { DiscordSettings } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';
import type { GovaiStore } from '../../src/store/store.js';
import {
  FAKE_IDS,
  startFakeDiscord,
  type FakeDiscord,
  type FakeDiscordOptions,
  type RecordedRequest,
} from '../fakes/fake-discord.js';
import { tempProject, waitFor } from '../helpers/seed.js';
import type { RecordedJson } from '../fakes/recorded-json.js';

export interface Harness {
  fake: FakeDiscord;
  ctx: AppContext;
  adapter: DiscordAdapter;
  settings: DiscordSettings;
  logs: Array<{ level: number; msg: string }>;
  /** The conversation owner's outcome of every message, reported after any reply was sent. */
  outcomes: ChatOutcome[];
  /** The conversation owner's outcome of every command, reported after its reply (every part) was sent. */
  commands: CommandOutcome[];
  outcome(messageId: string, timeoutMs?: number): Promise<ChatOutcome>;
  close(): Promise<void>;
}

/** The real discord.js client of the real adapter, connected to a fake Discord on 127.0.0.1. */
export async function startHarness(
  options: {
    config?: string;
    fake?: FakeDiscordOptions;
    files?: Record<string, string>;
    /** Extra environment, e.g. a model (GOVAI_LLM_PROVIDER...). */
    env?: Record<string, string>;
    /** The context's time port (default: the real one); e.g. a manual one so retry waits cost no wall time. */
    time?: Time;
    /** The bot's store (model summaries are cached there); default none, as most tests need. */
    store?: GovaiStore;
  } = {},
): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  const { dir } = tempProject({
    'govai.config.yaml': options.config ?? 'triggers:\n  cooldownSeconds: 600\n',
    ...(options.files ?? {}),
  });
  const env = {
    DISCORD_TOKEN: 'fake-token',
    DISCORD_APPLICATION_ID: FAKE_IDS.app,
    DISCORD_GUILD_ID: FAKE_IDS.guild,
    DISCORD_API_URL: fake.apiUrl,
    ...options.env,
  };
  const loaded = loadConfig(env, dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const logs: Array<{ level: number; msg: string }> = [];
  const sink = { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) };
  const logger = createLogger('info', sink as unknown as NodeJS.WritableStream);
  const ctx = await createAppContext({
    config: loaded.config,
    logger,
    ...(options.time ? { time: options.time } : {}),
    ...(options.store ? { store: options.store } : {}),
  });
  const settings = loaded.config.env.discord!;
  const outcomes: ChatOutcome[] = [];
  const commands: CommandOutcome[] = [];
  const adapter = await startDiscord(ctx, settings, {
    hooks: { onOutcome: (o) => void outcomes.push(o), onCommand: (o) => void commands.push(o) },
  });
  await waitFor(() => (adapter.connection.client().isReady() ? true : undefined), 15_000, 'discord client ready');
  return {
    fake,
    ctx,
    adapter,
    settings,
    logs,
    outcomes,
    commands,
    outcome: (messageId, timeoutMs = 10_000) =>
      waitFor(() => outcomes.find((o) => o.ref === messageId), timeoutMs, `outcome of message ${messageId}`),
    async close() {
      await adapter.stop().catch(() => undefined);
      await fake.close();
    },
  };
}

/** Every request that carries a message (content or embeds) the bot sent. */
export function messageBodies(fake: FakeDiscord): RecordedRequest[] {
  return fake.requests.filter((r) => r.method !== 'GET' && r.body && typeof r.body === 'object' && hasMessage(r.body));
}

function hasMessage(body: RecordedJson): boolean {
  const data = body.type !== undefined && body.data ? body.data : body;
  return typeof data?.content === 'string' || Array.isArray(data?.embeds);
}

/** The message part of a request body (interaction callbacks wrap it in `data`). */
export function messageOf(body: RecordedJson): {
  content?: string;
  embeds?: RecordedJson[];
  allowed_mentions?: { parse: string[] };
} {
  return body.type !== undefined && body.data ? body.data : body;
}

/** Requests for one interaction token, in order (callback, edits, follow-ups). */
export function forToken(fake: FakeDiscord, token: string): RecordedRequest[] {
  return fake.requests.filter((r) => r.path.includes(`/${token}`));
}
