import { hostname } from 'node:os';
import { createAppContext, type AppContext } from './app/context.js';
import { systemTime } from './time/system-time.js';
import { formatProblems, loadConfig } from './config/load.js';
import { consolePublisher, runConsole } from './adapters/console/console-adapter.js';
import { createLogger } from './log/logger.js';
import type { Publisher } from './app/publisher.js';
import type { RunningAdapter } from './app/running.js';
import { openStore, storeLocation, type GovaiStore } from './store/store.js';

export interface MainOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /**
   * Install the process-wide unhandledRejection/uncaughtException handlers (the real process only, not tests calling
   * main()).
   */
  lastResort?: boolean;
  /**
   * Stops the bot like SIGINT/SIGTERM would. Tests calling main() in a shared worker use it: emitting a signal
   * there would also run every other SIGTERM listener in the process (the test runner's own exits the worker).
   */
  stop?: AbortSignal;
}

// Composition root: reads the config once, builds the context, starts what is configured.
// Slack and Discord SDKs are imported lazily so the console starts fast and needs neither.
export async function main(options: MainOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const loaded = loadConfig(env, cwd);
  if (!loaded.ok) {
    process.stderr.write(`${formatProblems(loaded.problems)}\n`);
    return 2;
  }
  const config = loaded.config;
  // Settings the CLI can live without (a Slack token without its signing secret posts digests) but the bot cannot.
  if (config.env.startProblems?.length) {
    process.stderr.write(`${formatProblems(config.env.startProblems)}\n`);
    return 2;
  }
  // JSON logs would clutter the terminal console: there the default is warnings only.
  const consoleOnly = !config.env.slack && !config.env.discord && !config.env.teams && config.env.console !== '0';
  const logger = createLogger(
    config.env.logLevel ?? (consoleOnly ? 'warn' : 'info'),
    process.stderr,
    config.env.logFormat ?? 'auto',
  );
  // Listen for SIGINT/SIGTERM before anything starts: a signal during start-up must still shut down cleanly.
  const stopRequested = onStopSignal(logger, options.stop);
  // Load the configured platforms' modules while the briefings are built (in the ingest worker, whose start-up is
  // mostly loading the NLP model): Bolt or discord.js take about as long to load, and this thread is idle meanwhile.
  preloadModules(config.env);
  // The SQLite store (GOVAI_DB): a corrupt or unwritable file stops start-up with a message naming it.
  let store: GovaiStore;
  try {
    store = openStore(storeLocation(config));
  } catch (error) {
    process.stderr.write(`govai: ${(error as Error).message}\n`);
    return 1;
  }
  const adapters: RunningAdapter[] = [];
  // Last resort (src/process/last-resort.ts): rejections are logged and the bot serves on; an uncaught exception
  // stops what it can and exits 70 for the supervisor, since in-memory state may be half-changed.
  if (options.lastResort) {
    const { installLastResort } = await import('./process/last-resort.js');
    installLastResort(logger, {
      stop: async () => {
        await Promise.allSettled(adapters.map((a) => a.stop()));
        store.close();
      },
    });
  }
  // `/govai add <url>`: the ingest layer, loaded on first use so start-up does not pay for the HTML parser.
  let pool: import('./ingest/briefing-pool.js').BriefingPool | undefined;
  const ctx = await createAppContext({
    config,
    logger,
    time: systemTime,
    store,
    addUrl: (host) => async (url) => (await import('./ingest/service.js')).chatAddUrl(host)(url),
    // Every briefing is built off the event loop, in one long-lived worker under the ingest budget per item
    // (src/ingest/briefing-pool.ts: about the inline cost per item, where a fresh worker per item costs its start-up).
    buildHeavy: async (article, file) => {
      const b = config.file.ingest.budget;
      pool ??= (await import('./ingest/briefing-pool.js')).createBriefingPool({
        timeMs: b.timeoutSeconds * 1_000,
        memoryMb: b.memoryMb,
      });
      return pool.build(article, file);
    },
    heavyChars: 0,
  });
  const library = ctx.repository.library();
  logger.info({ briefings: library.briefings.length, problems: ctx.repository.problems().length }, 'briefings loaded');

  try {
    adapters.push(...(await startPlatforms(ctx)));
    // Scheduled digests start last: they publish through the platforms started above.
    const scheduler = await (await loadScheduler()).startDigestScheduler(ctx, publishersOf(adapters));
    if (scheduler) adapters.push(scheduler);
  } catch (error) {
    // An expected start-up failure (bad token, unreachable API, busy port) is one clear line, not a stack trace.
    logger.error({ error: (error as Error).message }, 'start-up failed');
    process.stderr.write(`govai: ${(error as Error).message}\n`);
    await Promise.allSettled(adapters.map((a) => a.stop()));
    return 1;
  }

  // One readable line per adapter (a bare line in a terminal; a JSON entry with `startup: true` otherwise).
  for (const line of startupLines(adapters)) logger.info({ startup: true }, line);

  const wantConsole =
    config.env.console === '1' || (config.env.console === 'auto' && adapters.every((a) => a.background));
  if (wantConsole) {
    // Ctrl+C ends the console like Ctrl+D does (a second Ctrl+C exits at once: the handler is one-shot).
    const stopConsole = new AbortController();
    void stopRequested.then(() => stopConsole.abort());
    await runConsole(ctx, {
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
      signal: stopConsole.signal,
    });
    process.stdin.destroy();
    await Promise.allSettled(adapters.map((a) => a.stop()));
    store.close();
    return 0;
  }
  await stopRequested;
  await Promise.allSettled(adapters.map((a) => a.stop()));
  store.close();
  return 0;
}

/** "Slack: listening on :3000/slack/events (HTTP mode)": what each started adapter is doing, in words. */
export function startupLines(adapters: readonly RunningAdapter[]): string[] {
  const lines: string[] = [];
  for (const a of adapters) {
    const port = (a as { port?: number }).port;
    if (a.name === 'slack')
      lines.push(
        port !== undefined ? `Slack: listening on :${port}/slack/events (HTTP mode)` : 'Slack: connected (Socket Mode)',
      );
    else if (a.name === 'discord')
      lines.push('Discord: connecting to the gateway; /govai works in every server the bot is in');
    else if (a.name === 'teams') lines.push(`Teams: listening on :${port ?? '?'}/api/messages`);
  }
  return lines;
}

async function startPlatforms(ctx: AppContext): Promise<RunningAdapter[]> {
  const started: RunningAdapter[] = [];
  // Platform adapters register here (Slack, Discord, scheduler, feeds), each started only when configured.
  try {
    for (const starter of PLATFORM_STARTERS) {
      const running = await starter(ctx, started);
      if (running) started.push(running);
    }
  } catch (error) {
    // Stop what already started (file watchers, gateways): their handles would keep a failed process alive.
    await Promise.allSettled(started.map((a) => a.stop()));
    throw error;
  }
  return started;
}

/** Publishers of the running platforms, plus the console (a `console` destination prints to stdout). */
export function publishersOf(
  adapters: readonly RunningAdapter[],
  output: { write(s: string): unknown } = process.stdout,
): Partial<Record<Publisher['platform'], Publisher>> {
  const publishers: Partial<Record<Publisher['platform'], Publisher>> = { console: consolePublisher(output) };
  for (const a of adapters) if (a.publisher) publishers[a.publisher.platform] = a.publisher;
  return publishers;
}

export type PlatformStarter = (
  ctx: AppContext,
  started: readonly RunningAdapter[],
) => Promise<RunningAdapter | undefined>;

// The modules each part starts from, imported only when that part is configured.
const loadIngest = () => import('./ingest/start.js');
const loadSlack = () => import('./adapters/slack/start.js');
const loadDiscord = () => import('./adapters/discord/start.js');
const loadTeams = () => import('./adapters/teams/start.js');
const loadScheduler = () => import('./schedule/start.js');

/** Starts importing what `main` will start, without waiting; a failed import is reported by the starter's own. */
function preloadModules(env: AppContext['config']['env']): void {
  const loads: Array<() => Promise<unknown>> = [loadIngest, loadScheduler];
  if (env.slack) loads.push(loadSlack);
  if (env.discord) loads.push(loadDiscord);
  if (env.teams) loads.push(loadTeams);
  for (const load of loads) void load().catch(() => undefined);
}

export const PLATFORM_STARTERS: PlatformStarter[] = [];
// Hot reload of briefings/ and the feed poller (src/ingest).
PLATFORM_STARTERS.push(async (ctx) => (await loadIngest()).startIngest(ctx));
// Slack when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set; Bolt is loaded only then. Its `publisher` serves
// digests.
PLATFORM_STARTERS.push(async (ctx) =>
  ctx.config.env.slack ? (await loadSlack()).startSlack(ctx, { adapterSettings: ctx.config.file.slack }) : undefined,
);
// Discord when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set; discord.js is loaded only then.
PLATFORM_STARTERS.push(async (ctx) => {
  const settings = ctx.config.env.discord;
  if (!settings) return undefined;
  const start = async () =>
    (await loadDiscord()).startDiscord(ctx, settings, {
      adapterSettings: ctx.config.file.discord,
    });
  if (ctx.store?.engine !== 'postgres') return start();
  // Replicas: one holds the gateway (two would answer every message twice); every replica posts digests over REST.
  const [{ runAsLeader }, { restDiscordPublisher }] = await Promise.all([
    import('./app/leader.js'),
    import('./adapters/discord/rest-publisher.js'),
  ]);
  const rest = restDiscordPublisher(settings, ctx.config.file.discord.allowedMentions, ctx.logger);
  const leader = await runAsLeader({
    leases: ctx.store.leases,
    name: 'discord-gateway',
    holder: `${ctx.config.env.replicaId ?? hostname()}-${process.pid}`,
    ttlMs: ctx.config.file.replicas.leaseSeconds * 1_000,
    logger: ctx.logger,
    time: ctx.time,
    start,
  });
  return {
    name: 'discord',
    publisher: rest.publisher,
    async stop() {
      await leader.stop();
      await rest.close();
    },
  };
});

// Microsoft Teams when TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID are set; the Agents SDK is loaded only
// then.
PLATFORM_STARTERS.push(async (ctx) =>
  ctx.config.env.teams ? (await loadTeams()).startTeams(ctx, { adapterSettings: ctx.config.file.teams }) : undefined,
);

function onStopSignal(logger: { info(msg: string): void }, abort?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onSigint = () => stop('SIGINT');
    const onSigterm = () => stop('SIGTERM');
    const stop = (reason: string) => {
      // Both listeners go once either fires: a leftover one would keep a later signal from ending the process.
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      abort?.removeEventListener('abort', onAbort);
      logger.info(`received ${reason}, shutting down`);
      resolve();
    };
    const onAbort = () => stop('a stop request');
    if (abort) {
      if (abort.aborted) return stop('a stop request');
      abort.addEventListener('abort', onAbort, { once: true });
      return;
    }
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
  });
}

const isEntry = import.meta.url === `file://${process.argv[1]}`;
if (isEntry) {
  main({ lastResort: true }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`govai: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
