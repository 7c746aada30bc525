import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { llmCheck } from '../../src/doctor/llm-check.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore, type GovaiStore } from '../../src/store/store.js';
import { citedMessage, type FakeRequest, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { loadModelProject } from '../helpers/model-project.js';
import { tempProject } from '../helpers/seed.js';

// `govai doctor` shows the circuit breaker of the running bot, another process: the bot records each change of its
// breaker in the store, and doctor reads it from there ("open since T, until T2, because ..."), not from the one
// request doctor makes itself (which succeeds here: the fake fails only real answers).

const QUESTION = 'Who is an Anthropic investor and infrastructure partner?';
let fail = true;
const respond = (req: FakeRequest) => {
  if (req.body.max_tokens === 1) return { json: citedMessage([{ text: 'p' }]) };
  if (fail) return { status: 500, json: { type: 'error', error: { type: 'api_error', message: 'upstream exploded' } } };
  const docs = req.body.messages[0].content.filter((c: { type: string }) => c.type === 'document');
  const i = docs[0].source.content.findIndex((b: { text: string }) => /^Amazon Web Services/.test(b.text));
  return { json: citedMessage([{ text: 'Amazon Web Services is an Anthropic investor.', cites: [[0, i, i + 1]] }]) };
};

let cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('doctor: the running bot’s model breaker, from the store', () => {
  it('open since T until T2 because of the last error; closed again once the bot’s next call succeeds', async () => {
    fail = true;
    const fake = await startFakeAnthropic(respond);
    cleanups.push(() => fake.close());
    const project = tempProject({
      'govai.config.yaml':
        'llm:\n  summaries: false\n  maxRetries: 0\n  breaker:\n    failures: 2\n    cooldownSeconds: 300\n',
    });
    const { config } = loadModelProject(project, fake.url);
    const store: GovaiStore = openStore(config.dbPath);
    cleanups.push(() => store.close());
    let now = Date.parse('2026-11-21T10:00:00Z');
    const bot = await createAppContext({ config, logger: silentLogger(), store, clock: () => now });
    const ask = () => bot.bot.handleCommand({ name: 'ask', question: QUESTION }, { user: 'u', channel: 'c' });

    // doctor runs as `govai doctor` does: its own context, no store of its own; the database is read only.
    const doctor = async () => {
      const ctx = await createAppContext({ config, logger: silentLogger(), clock: () => now });
      const f = await llmCheck.run(ctx);
      expect(f.find((x) => x.area === 'model credentials')).toMatchObject({ status: 'ok' });
      return f.find((x) => x.area === 'model breaker')!;
    };
    expect(await doctor()).toMatchObject({ status: 'ok', message: expect.stringMatching(/^closed \(never opened\)/) });

    await ask();
    now += 1_000;
    await ask(); // the second failure in a row opens it
    const opened = await doctor();
    expect(opened.status).toBe('warn');
    expect(opened.message).toContain(
      'open in the running bot since 2026-11-21T10:00:01.000Z, until 2026-11-21T10:05:01.000Z, after 2 ' +
        'failed calls in a row, because:',
    );
    expect(opened.message).toMatch(/500|upstream exploded/);
    expect(opened.fix).toMatch(/cool-down/);

    // While open the bot makes no call; past the cool-down its next call (now answered) closes it.
    const calls = fake.requests.length;
    await ask();
    expect(fake.requests.length).toBe(calls);
    fail = false;
    now += 301_000;
    await ask();
    const closed = await doctor();
    expect(closed).toMatchObject({ status: 'ok' });
    expect(closed.message).toMatch(/^closed in the running bot \(last change 2026-11-21T10:05:02\.000Z\)/);
  }, 30_000);
});
