import type { Time } from '../core/time.js';
import { systemTime } from '../time/system-time.js';
import type { BotModel } from '../core/grounded/bot-model.js';
import type { AppConfig } from '../config/load.js';
import type { Logger } from '../log/logger.js';
import type { GovaiStore } from '../store/store.js';
import { createSummaryCache } from './summaries.js';

/**
 * The optional model for the bot; undefined (and no SDK loaded) when GOVAI_LLM_PROVIDER is not set. With the
 * store (the running bot), token usage and the model's summaries persist; one-shot CLI commands get no summaries
 * (they would exit before one is ready) and the budget counts in memory.
 */
export async function createBotModel(
  config: AppConfig,
  logger: Logger,
  store?: GovaiStore,
  time: Time = systemTime,
): Promise<BotModel | undefined> {
  const llm = config.env.llm;
  if (!llm) return undefined;
  const { createModel } = await import('../llm/create.js');
  const f = config.file.llm;
  const port = createModel(llm, f, {
    now: time.now,
    sleep: time.sleep,
    onRetry: (r) => logger.warn({ llm: r }, 'model call retried'),
    onBreakerOpen: (b) =>
      logger.warn(
        {
          llm: {
            failures: b.consecutiveFailures,
            openUntil: new Date(b.openUntil ?? 0).toISOString(),
            lastError: b.lastError,
          },
        },
        'model circuit open: answers and summaries are offline until it closes',
      ),
    ...(store
      ? {
          usage: store.modelUsage,
          // The state as this process sees it, for `govai doctor` (another process).
          onBreakerChange: (b) =>
            store.modelBreaker.record({ model: `${llm.provider}:${llm.model}`, ...b, updatedAt: time.now() }),
        }
      : {}),
  });
  const summaries =
    store && f.summaries
      ? createSummaryCache({ port, store: store.summaries, clock: time.now, logger, timeoutMs: f.commandTimeoutMs })
      : undefined;
  return {
    port,
    ...(summaries ? { summaries } : {}),
    commandTimeoutMs: f.commandTimeoutMs,
    triggerTimeoutMs: f.triggerTimeoutMs,
    timeout: time.timeout,
    answers: f.answers,
    onUse: (use, where) => {
      if (use.used) logger.info({ llm: { ...use, where } }, 'model answer verified and used');
      else
        logger.warn(
          { llm: { ...use, where } },
          `model answer not used (${use.reason ?? 'unknown'}): offline answer shown`,
        );
    },
  };
}
