import { PassThrough } from 'node:stream';
import { runConsole } from '../../src/adapters/console/console-adapter.js';
import { createAppContext } from '../../src/app/context.js';
import type { ChatOutcome, CommandOutcome } from '../../src/app/conversation.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log/logger.js';
import { tempProject } from '../helpers/seed.js';
import { defineContractSuite } from './contract-suite.js';
import { contractConfig, waitForOutcome } from './driver-common.js';

// The shared contract on the console: lines typed into the real console adapter (runConsole) and what it prints.
// One terminal is one channel with one user: no other bots, no threads, no redelivery.
defineContractSuite('console', { bots: false, threads: false, replays: false, dms: false }, async (setup) => {
  const { dir } = tempProject({ 'govai.config.yaml': contractConfig(setup), ...setup.files });
  const loaded = loadConfig({}, dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const ctx = await createAppContext({ config: loaded.config, logger: silentLogger() });
  const input = new PassThrough();
  let printed = '';
  const outcomes: Array<ChatOutcome | CommandOutcome> = [];
  const running = runConsole(ctx, {
    input,
    output: {
      write(s: string) {
        printed += s;
      },
    },
    interactive: false,
    hooks: { onOutcome: (o) => void outcomes.push(o), onCommand: (o) => void outcomes.push(o) },
  });
  // The console opens with the latest briefing (an outcome of its own) before it reads a line.
  await waitForOutcome(outcomes, () => true, 'the opening summary');
  let lines = 0;
  async function type(line: string) {
    const before = printed.length;
    const n = outcomes.length;
    input.write(`${line}\n`);
    lines++;
    const outcome = await waitForOutcome(outcomes, (o) => outcomes.indexOf(o) >= n, `line ${lines}: ${line}`);
    // Bold markers are formatting, not text the reader sees.
    const text = printed.slice(before).trim().replaceAll('**', '');
    return { outcome, seen: { text, parts: text === '' ? 0 : 1, raw: text } };
  }
  return {
    ctx,
    async command(text) {
      return (await type(`/govai ${text}`)).seen;
    },
    async message(text, options = {}) {
      const { outcome, seen } = await type(options.mention ? `@govai ${text}` : text);
      const silent = 'decision' in outcome && outcome.decision.kind === 'ignore' && !outcome.posted;
      return { ref: String(lines), ...(silent || seen.text === '' ? {} : { reply: seen }) };
    },
    // A terminal has no mentions to set off.
    pings: () => [],
    async close() {
      input.end();
      await running;
    },
  };
});
