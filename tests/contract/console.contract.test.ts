import path from 'node:path';
import { expect } from 'vitest';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { handleConsoleLine } from '../../src/adapters/console/console-adapter.js';
import { renderText } from '../../src/adapters/console/render-text.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log/logger.js';
import { tempProject } from '../helpers/seed.js';
import { defineContractSuite } from './contract-suite.js';

defineContractSuite('console', async ({ cooldownSeconds }) => {
  const { dir } = tempProject({ 'govai.config.yaml': `triggers:\n  cooldownSeconds: ${cooldownSeconds}\n` });
  const loaded = loadConfig({}, dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const ctx: AppContext = await createAppContext({ config: loaded.config, logger: silentLogger() });
  expect(path.basename(ctx.repository.dir)).toBe('briefings');
  return {
    async command(text) {
      const reply = await handleConsoleLine(ctx, `/govai ${text}`);
      return reply ? renderText(reply) : '';
    },
    async message(text, options = {}) {
      // The console is one channel; per-channel cooldowns are keyed by the channel name passed here.
      const decision = ctx.bot.handleMessage({
        channel: options.channel ?? 'console',
        user: 'console',
        text,
        fromBot: options.fromBot ?? false,
        mentionsBot: false,
      });
      return decision.kind === 'answer' ? renderText(decision.reply) : undefined;
    },
    async close() {},
  };
});
