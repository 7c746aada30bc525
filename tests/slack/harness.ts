import { createAppContext, type AppContext, type ContextOptions } from '../../src/app/context.js';
import type { MessageOutcome } from '../../src/adapters/slack/listeners/deps.js';
import { startSlack, type RunningSlack, type SlackStartOptions } from '../../src/adapters/slack/start.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log/logger.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { TEST_SIGNING_SECRET } from '../fakes/slack-signing.js';
import { tempProject } from '../helpers/seed.js';

// A real Bolt app on 127.0.0.1 (HTTP receiver), its Web API pointed at the fake Slack server.

export interface SlackHarness {
  slack: FakeSlackApi;
  running: RunningSlack;
  ctx: AppContext;
  /** http://127.0.0.1:PORT/slack/events */
  url: string;
  outcomes: MessageOutcome[];
  /** Resolves to what the adapter did with the message `ts` (after any post finished). */
  outcome(ts: string, timeoutMs?: number): Promise<MessageOutcome>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    configYaml?: string;
    extraFiles?: Record<string, string>;
    start?: Partial<SlackStartOptions>;
    env?: Record<string, string>;
    context?: Partial<ContextOptions>;
  } = {},
): Promise<SlackHarness> {
  const slack = await startFakeSlackApi();
  const { dir } = tempProject({ 'govai.config.yaml': options.configYaml ?? '', ...options.extraFiles });
  const loaded = loadConfig(
    {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ...options.env,
    },
    dir,
  );
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const ctx = await createAppContext({ config: loaded.config, logger: silentLogger(), ...options.context });
  const outcomes: MessageOutcome[] = [];
  const running = await startSlack(ctx, {
    listen: { port: 0, host: '127.0.0.1' },
    clientOptions: { retryConfig: { retries: 0 } },
    publisher: { minIntervalMs: 20, backoffMs: 20 },
    onMessageOutcome: (o) => outcomes.push(o),
    ...options.start,
  });
  return {
    slack,
    running,
    ctx,
    url: `http://127.0.0.1:${running.port}/slack/events`,
    outcomes,
    outcome: (ts, timeoutMs = 8_000) =>
      slack.waitFor(
        () => outcomes.find((o) => o.ts === ts && o.decision.kind !== 'ignore') ?? outcomes.find((o) => o.ts === ts),
        timeoutMs,
        `outcome of ${ts}`,
      ),
    async close() {
      await running.stop();
      await slack.close();
    },
  };
}

/** Visible text of Block Kit blocks (header, sections, fields, context): entities decoded, bold markers dropped. */
export function blocksText(blocks: ReadonlyArray<Record<string, unknown>> | undefined): string {
  const out: string[] = [];
  for (const b of blocks ?? []) {
    const text = (b.text as { text?: string } | undefined)?.text;
    if (text) out.push(text);
    for (const f of (b.fields as Array<{ text: string }> | undefined) ?? []) out.push(f.text);
    for (const e of (b.elements as Array<{ text?: string | { text: string } }> | undefined) ?? []) {
      const t = typeof e.text === 'string' ? e.text : e.text?.text;
      if (t) out.push(t);
    }
  }
  return out
    .join('\n')
    .replace(/\u2060/g, '')
    .replace(/\*/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
