import { systemTime } from '../time/system-time.js';
import type { LlmSettings } from '../config/env.js';
import type { ConfigFile } from '../config/file-schema.js';
import type { GuardedModel } from '../llm/guard.js';
import { openStore, storeExists, storeLocation } from '../store/store.js';
import type { DoctorCheck, DoctorFinding } from './types.js';

// The optional model: who receives article text, whether the credentials and the model work (one tiny request with
// no article text), the breaker, today's tokens against the budget, and what to fix. Off when no model is set.

export interface LlmCheckOptions {
  /** Builds the guarded model (tests pass one with a short time limit); default: src/llm/create.ts, lazily. */
  create?: (settings: LlmSettings, file: ConfigFile['llm']) => Promise<GuardedModel>;
  now?: () => number;
}

export const llmCheck: DoctorCheck = makeLlmCheck();

export function makeLlmCheck(options: LlmCheckOptions = {}): DoctorCheck {
  const create =
    options.create ??
    (async (settings: LlmSettings, file: ConfigFile['llm']) =>
      (await import('../llm/create.js')).createModel(settings, file));
  return {
    name: 'model',
    async run(ctx) {
      // The context's clock (the real one in `govai doctor`) unless the caller pins its own.
      const now = options.now ?? ctx.clock ?? systemTime.now;
      const llm = ctx.config.env.llm;
      const file = ctx.config.file.llm;
      if (!llm)
        return [
          {
            area: 'model',
            status: 'off',
            message: 'no model configured: answers and summaries are offline, and no article text leaves this machine',
            fix:
              'to use one, set GOVAI_LLM_PROVIDER (anthropic, bedrock or openai-compatible); see README ' +
              '"Using Claude or a local model"',
          },
        ];
      const findings: DoctorFinding[] = [];
      // A ping must not wait out long retry-afters: doctor should answer promptly.
      const model = await create(llm, { ...file, maxRetries: 0, timeoutMs: Math.min(file.timeoutMs, 15_000) });
      const uses = [file.answers ? 'answers' : '', file.summaries ? 'TL;DRs and key points' : '']
        .filter(Boolean)
        .join(' and ');
      findings.push({
        area: 'model',
        status: 'ok',
        message:
          `${model.provider} ${model.model}${llm.region ? ` in ${llm.region}` : ''}: candidate sentences of ` +
          `your briefings are sent to ${model.host} (for ` +
          `${uses || 'nothing: llm.answers and llm.summaries are off'})`,
      });
      const started = now();
      const ping = await model.ping();
      if (ping.ok) {
        findings.push({
          area: 'model credentials',
          status: 'ok',
          message:
            `one tiny request (no article text) answered in ${now() - started} ms, ` +
            `${ping.usage.inputTokens + ping.usage.outputTokens} tokens`,
        });
      } else {
        findings.push({
          area: 'model credentials',
          status: 'fail',
          message: `the test request failed (${ping.reason}): ${ping.detail}`,
          fix: fixFor(llm, ping.reason, ping.detail, model.host),
        });
      }
      findings.push(breakerFinding(ctx.config, file, model.id, now()));
      findings.push(usageFinding(ctx.config, file, now()));
      return findings;
    },
  };
}

const iso = (ms: number | undefined) => new Date(ms ?? 0).toISOString();

/** The running bot's breaker, from the store (this process has made one request; its own breaker says nothing). */
function breakerFinding(
  config: { dbPath: string; databaseUrl?: string },
  file: ConfigFile['llm'],
  modelId: string,
  at: number,
): DoctorFinding {
  const rule = `opens for ${file.breaker.cooldownSeconds} s after ${file.breaker.failures} failed calls in a row`;
  let store: ReturnType<typeof openStore> | undefined;
  try {
    if (storeExists(config)) store = openStore(storeLocation(config), { readonly: true });
    const b = store?.modelBreaker.get(modelId);
    if (!b || b.state === 'closed')
      return {
        area: 'model breaker',
        status: 'ok',
        message: `closed${b ? ` in the running bot (last change ${iso(b.updatedAt)})` : ' (never opened)'}; ${rule}`,
      };
    const why = `after ${b.consecutiveFailures} failed calls in a row, because: ${b.lastError ?? 'unknown'}`;
    if (b.state === 'open' && (b.openUntil ?? 0) > at)
      return {
        area: 'model breaker',
        status: 'warn',
        message:
          `open in the running bot since ${iso(b.openedAt)}, until ${iso(b.openUntil)}, ${why}: answers and ` +
          `summaries are offline until then`,
        fix:
          'fix the failure (see "model credentials" above); the bot tries the model again by itself when the ' +
          'cool-down ends',
      };
    return {
      area: 'model breaker',
      status: 'warn',
      message: `${b.state === 'open' ? `was open in the running bot from ${iso(b.openedAt)} until ${iso(b.openUntil)}` : `half-open in the running bot since ${iso(b.updatedAt)} (opened ${iso(b.openedAt)})`}, ${why}; its next call decides whether it closes`,
    };
  } catch (error) {
    return {
      area: 'model breaker',
      status: 'warn',
      message: `cannot read the breaker state: ${(error as Error).message}`,
    };
  } finally {
    store?.close();
  }
}

function usageFinding(
  config: { dbPath: string; databaseUrl?: string },
  file: ConfigFile['llm'],
  at: number,
): DoctorFinding {
  const budget = file.dailyTokenBudget > 0 ? `of the daily budget of ${file.dailyTokenBudget}` : '(no daily budget)';
  if (!storeExists(config)) return { area: 'model budget', status: 'ok', message: `no tokens used yet ${budget}` };
  let store: ReturnType<typeof openStore> | undefined;
  try {
    store = openStore(storeLocation(config), { readonly: true });
    const day = new Date(at).toISOString().slice(0, 10);
    const rows = store.modelUsage.day(day);
    const used = rows.reduce((n, r) => n + r.inputTokens + r.outputTokens, 0);
    const failed = rows.reduce((n, r) => n + r.failedCalls, 0);
    const calls = rows.reduce((n, r) => n + r.calls, 0);
    const { ready, rejected } = store.summaries.counts();
    const over = file.dailyTokenBudget > 0 && used >= file.dailyTokenBudget;
    return {
      area: 'model budget',
      status: over ? 'warn' : 'ok',
      message:
        `${used} tokens used today (${day}, UTC) ${budget}; ${calls} calls, ${failed} failed; ` +
        `${ready} summaries cached, ${rejected} rejected by the checks`,
      ...(over
        ? { fix: 'answers are offline until midnight UTC; raise llm.dailyTokenBudget in govai.config.yaml' }
        : {}),
    };
  } catch (error) {
    return { area: 'model budget', status: 'warn', message: `cannot read token usage: ${(error as Error).message}` };
  } finally {
    store?.close();
  }
}

function fixFor(llm: LlmSettings, reason: string, detail: string, host: string): string {
  if (reason === 'auth') {
    if (llm.provider === 'anthropic') return 'ANTHROPIC_API_KEY is refused: create a key at console.anthropic.com';
    if (llm.provider === 'bedrock')
      return /access|not authorized|model/i.test(detail)
        ? `enable access to ${llm.model} in the Bedrock console (Model access, region ${llm.region}) and ` +
            `allow bedrock:InvokeModel for it in IAM`
        : 'the AWS credentials are refused: check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or the ' +
            'profile/role the AWS credential chain finds)';
    return 'the server refused GOVAI_LLM_API_KEY';
  }
  if (/HTTP 404/.test(detail))
    return (
      `GOVAI_LLM_MODEL "${llm.model}" is not served at ` +
      `${host}${llm.provider === 'bedrock' ? ' (use the model id or inference profile of this region, e.g. us-gov.anthropic...)' : ''}`
    );
  if (reason === 'unavailable' || reason === 'timeout')
    return (
      `cannot reach ${host}: check GOVAI_LLM_BASE_URL, the network path or ` +
      `proxy${llm.provider === 'openai-compatible' ? ', and that the server is running' : ''}`
    );
  if (reason === 'rate-limited')
    return 'the provider is rate-limiting: lower llm.maxConcurrent or ask for a higher quota';
  if (reason === 'budget')
    return "today's token budget is used up: raise llm.dailyTokenBudget or wait for midnight UTC";
  return 'see the message above; the bot answers offline meanwhile';
}
