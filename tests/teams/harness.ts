import { createAppContext, type AppContext } from '../../src/app/context.js';
import { startTeams, type RunningTeams } from '../../src/adapters/teams/start.js';
import type { TeamsOutcome } from '../../src/adapters/teams/turn.js';
import type { ConversationHooks } from '../../src/app/conversation.js';
import { loadConfig } from '../../src/config/load.js';
import { type Logger, silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/store.js';
import { FakeTeams } from '../fakes/fake-teams.js';
import { tempProject } from '../helpers/seed.js';

// The real Agents SDK CloudAdapter behind govai's /api/messages on 127.0.0.1; OpenID, token and connector faked.

export interface TeamsHarness {
  fake: FakeTeams;
  running: RunningTeams;
  ctx: AppContext;
  store: ReturnType<typeof openStore>;
  botUrl: string;
  outcomes: TeamsOutcome[];
  sleeps: number[];
  outcome(activityId: string, timeoutMs?: number): Promise<TeamsOutcome>;
  close(): Promise<void>;
}

export async function startTeamsHarness(
  options: {
    configYaml?: string;
    files?: Record<string, string>;
    hooks?: ConversationHooks;
    sendTimeoutMs?: number;
    /** A database file (default: in memory). */
    dbPath?: string;
    logger?: Logger;
  } = {},
): Promise<TeamsHarness> {
  const fake = await new FakeTeams().start();
  const { dir } = tempProject({
    'govai.config.yaml': `${fake.configYaml()}${options.configYaml ?? ''}`,
    ...options.files,
  });
  const loaded = loadConfig({ ...fake.env(), GOVAI_DB: ':memory:' }, dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const store = openStore(options.dbPath ?? ':memory:');
  const ctx = await createAppContext({ config: loaded.config, logger: options.logger ?? silentLogger(), store });
  const outcomes: TeamsOutcome[] = [];
  const sleeps: number[] = [];
  const running = await startTeams(ctx, {
    listen: { port: 0, host: '127.0.0.1' },
    onOutcome: (o) => outcomes.push(o),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.sendTimeoutMs !== undefined ? { sendTimeoutMs: options.sendTimeoutMs } : {}),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return {
    fake,
    running,
    ctx,
    store,
    botUrl: `http://127.0.0.1:${running.port}`,
    outcomes,
    sleeps,
    outcome: (id, timeoutMs = 8_000) =>
      fake.waitFor(() => outcomes.find((o) => o.activityId === id), timeoutMs, `outcome of ${id}`),
    async close() {
      await running.stop();
      await fake.close();
      store.close();
    },
  };
}
