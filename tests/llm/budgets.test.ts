import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import type { Reply } from '../../src/core/reply.js';
import { llmCheck } from '../../src/doctor/llm-check.js';
import { createLogger } from '../../src/log/logger.js';
import { openStore, type GovaiStore } from '../../src/store/store.js';
import { citedMessage, type FakeRequest, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { gate, ioTurns } from '../helpers/gate.js';
import { loadModelProject } from '../helpers/model-project.js';
import { tempProject } from '../helpers/seed.js';
import type { RecordedJson } from '../fakes/recorded-json.js';

// Budgets through the bot's own composition (createAppContext with the real SQLite store and the real Anthropic
// SDK against the fake Messages API): the concurrency limit holds the number of calls in flight at the server, the
// daily token budget is counted in the store (so a restart does not reset it), stops calls once used up, is shown
// by `govai doctor`, and the log says why each answer fell back.

const QUESTION = 'Who is an Anthropic investor and infrastructure partner?';
const AWS = /Amazon Web Services, which has deep intelligence community relationships/;
const GOOD = 'Amazon Web Services is an Anthropic investor and infrastructure partner.';

/** What a model answer waits on before it is sent (set per test): it keeps the call in flight meanwhile. */
let hold: () => Promise<unknown> | undefined = () => undefined;

function respond(req: FakeRequest) {
  const content = req.body.messages[0].content;
  // doctor's one tiny request: a plain string, one output token.
  if (!Array.isArray(content)) return { json: citedMessage([{ text: 'p' }]) };
  const docs = (content as Array<{ type: string; source?: RecordedJson }>).filter((c) => c.type === 'document');
  for (const [d, doc] of docs.entries()) {
    const i = doc.source.content.findIndex((b: { text: string }) => AWS.test(b.text));
    // citedMessage reports 120 input + 30 output tokens per call.
    if (i >= 0) {
      const until = hold();
      return { json: citedMessage([{ text: GOOD, cites: [[d, i, i + 1]] }]), ...(until ? { until } : {}) };
    }
  }
  return { json: citedMessage([{ text: "I don't know." }]) };
}

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
  hold = () => undefined;
});

async function project(llmYaml: string) {
  const fake = await startFakeAnthropic(respond);
  let inFlight = 0;
  let maxInFlight = 0;
  fake.server.on('request', (_req, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    res.on('close', () => inFlight--);
  });
  cleanups.push(() => fake.close());
  const project = tempProject({ 'govai.config.yaml': `llm:\n  summaries: false\n${llmYaml}` });
  const { config } = loadModelProject(project, fake.url);
  const logs: Array<{ msg: string; llm?: { reason?: string } }> = [];
  const sink = { write: (line: string) => void logs.push(JSON.parse(line)) };
  /** One run of the bot on the same database (a second call is a restart). */
  const boot = async () => {
    const store: GovaiStore = openStore(config.dbPath);
    cleanups.push(() => store.close());
    const logger = createLogger('info', sink as unknown as NodeJS.WritableStream);
    const ctx = await createAppContext({ config, logger, store });
    const ask = async () =>
      (await ctx.bot.handleCommand({ name: 'ask', question: QUESTION }, { user: 'U1', channel: 'C1' })) as Reply;
    return { ctx, store, ask };
  };
  return { fake, boot, logs, maxInFlight: () => maxInFlight };
}

const modelWrote = (r: Reply) => r.kind === 'answer' && r.answer.grounded !== undefined;

describe('model budgets', () => {
  it('maxConcurrent: 1 keeps one call in flight at the server while three questions wait their turn', async () => {
    const p = await project('  maxConcurrent: 1\n  commandTimeoutMs: 20000\n  timeoutMs: 10000\n');
    // Each answer is held while the event loop turns: time enough for a second call, had it been let through, to
    // reach the server (the control below shows the three do, when allowed).
    hold = () => ioTurns(20);
    const bot = await p.boot();
    const replies = await Promise.all([bot.ask(), bot.ask(), bot.ask()]);
    expect(replies.map(modelWrote)).toEqual([true, true, true]);
    expect(p.fake.requests).toHaveLength(3);
    expect(p.maxInFlight()).toBe(1);
  });

  it('control: maxConcurrent: 3 lets the three calls run at once (so the check above can fail)', async () => {
    const p = await project('  maxConcurrent: 3\n');
    // No answer until the third call is at the server: a limit that held any of them back would never get there.
    const three = gate();
    let calls = 0;
    hold = () => {
      if (++calls === 3) three.open();
      return three.promise;
    };
    const bot = await p.boot();
    await Promise.all([bot.ask(), bot.ask(), bot.ask()]);
    expect(p.maxInFlight()).toBe(3);
  });

  it('the daily token budget is counted in the store, stops calls when used up, survives a restart, and doctor ' +
    'shows it', async () => {
    // 150 tokens a call: the first two calls fit under 200 (checked before each call), the third is refused.
    const p = await project('  dailyTokenBudget: 200\n');
    const first = await p.boot();
    expect(modelWrote(await first.ask())).toBe(true);
    expect(modelWrote(await first.ask())).toBe(true);
    const day = new Date().toISOString().slice(0, 10);
    const used = () => first.store.modelUsage.day(day).reduce((n, r) => n + r.inputTokens + r.outputTokens, 0);
    expect(used()).toBe(300);
    const third = await first.ask();
    expect(third.kind).toBe('answer');
    expect(modelWrote(third)).toBe(false);
    expect(p.fake.requests).toHaveLength(2);
    expect(p.logs.find((l) => l.llm?.reason === 'budget')?.msg).toBe(
      'model answer not used (budget): offline answer shown',
    );

    // A restart reads the day's usage from the store: still over budget, still no call.
    const second = await p.boot();
    expect(modelWrote(await second.ask())).toBe(false);
    expect(p.fake.requests).toHaveLength(2);

    const findings = await llmCheck.run(second.ctx);
    const budget = findings.find((f) => f.area === 'model budget')!;
    expect(budget.status).toBe('warn');
    expect(budget.message).toContain('300 tokens used today');
    expect(budget.fix).toMatch(/dailyTokenBudget/);
  }, 30_000);
});
