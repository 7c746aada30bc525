import type { LanguageModelPort, ModelResult, TokenUsage } from '../core/grounded/port.js';
import { ProviderError, RETRYABLE } from './errors.js';
import type { ProviderCall, RawProvider } from './provider.js';

// Budgets and faults around any provider: a time limit per call, a concurrency limit, a daily token budget
// (recorded in the store), retries that honour retry-after on 429/529 (and back off on 5xx), and a circuit
// breaker that stops calling a failing provider for a while.

export interface UsageStore {
  /** Tokens (input + output) used on this UTC day. */
  tokensOn(day: string): number;
  record(day: string, model: string, usage: TokenUsage, ok: boolean): void;
}

export function memoryUsage(): UsageStore {
  const days = new Map<string, number>();
  return {
    tokensOn: (day) => days.get(day) ?? 0,
    record: (day, _model, u) => void days.set(day, (days.get(day) ?? 0) + u.inputTokens + u.outputTokens),
  };
}

export interface GuardSettings {
  timeoutMs: number;
  maxConcurrent: number;
  /** 0 = no limit. */
  dailyTokenBudget: number;
  maxRetries: number;
  /** A retry-after longer than this is not waited for (the call fails as rate-limited). */
  maxRetryWaitMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
}

export const DEFAULT_GUARD: GuardSettings = {
  timeoutMs: 20_000,
  maxConcurrent: 2,
  dailyTokenBudget: 200_000,
  maxRetries: 2,
  maxRetryWaitMs: 10_000,
  breakerFailures: 5,
  breakerCooldownMs: 60_000,
};

export interface GuardDeps {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  usage: UsageStore;
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
  /** Told when the breaker opens (the composition root logs it: answers are offline until `openUntil`). */
  onBreakerOpen?: (state: BreakerState) => void;
  /** Told on every change of state (open, half-open, closed): the bot records it in the store for `govai doctor`. */
  onBreakerChange?: (state: BreakerState) => void;
}

export interface BreakerState {
  state: 'closed' | 'open' | 'half-open';
  consecutiveFailures: number;
  openedAt?: number;
  openUntil?: number;
  lastError?: string;
}

export interface GuardedModel extends LanguageModelPort {
  readonly host: string;
  readonly provider: RawProvider['name'];
  readonly model: string;
  breaker(): BreakerState;
  /** One tiny request through the same guard (time limit, budget, breaker): `govai doctor`. */
  ping(): Promise<ModelResult<null>>;
}

export function guardModel(provider: RawProvider, settings: GuardSettings, deps: GuardDeps): GuardedModel {
  const id = `${provider.name}:${provider.model}`;
  const breaker: BreakerState = { state: 'closed', consecutiveFailures: 0 };
  let active = 0;
  const waiting: Array<() => void> = [];
  const day = () => new Date(deps.now()).toISOString().slice(0, 10);
  const changed = () => {
    try {
      deps.onBreakerChange?.({ ...breaker });
    } catch {
      // Recording the state is for doctor; a store error must not change the answer.
    }
  };

  const acquire = (signal: AbortSignal): Promise<boolean> => {
    if (active < settings.maxConcurrent) {
      active++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const go = () => {
        signal.removeEventListener('abort', cancel);
        active++;
        resolve(true);
      };
      const cancel = () => {
        const i = waiting.indexOf(go);
        if (i >= 0) waiting.splice(i, 1);
        resolve(false);
      };
      waiting.push(go);
      signal.addEventListener('abort', cancel, { once: true });
    });
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };

  async function run<T>(
    attempt: (call: ProviderCall) => Promise<{ value: T; usage: TokenUsage }>,
    callerSignal?: AbortSignal,
  ): Promise<ModelResult<T>> {
    const now = deps.now();
    if (breaker.state === 'open') {
      if ((breaker.openUntil ?? 0) > now)
        return {
          ok: false,
          reason: 'circuit-open',
          detail:
            `circuit open until ${new Date(breaker.openUntil!).toISOString()} after ` +
            `${breaker.consecutiveFailures} failures (${breaker.lastError ?? ''})`,
        };
      breaker.state = 'half-open';
      changed();
    }
    if (settings.dailyTokenBudget > 0 && deps.usage.tokensOn(day()) >= settings.dailyTokenBudget) {
      return { ok: false, reason: 'budget', detail: `daily token budget of ${settings.dailyTokenBudget} used up` };
    }
    const signal = callerSignal
      ? AbortSignal.any([callerSignal, AbortSignal.timeout(settings.timeoutMs)])
      : AbortSignal.timeout(settings.timeoutMs);
    if (!(await acquire(signal)))
      return {
        ok: false,
        reason: 'busy',
        detail: `${settings.maxConcurrent} calls already running and the time limit passed while waiting`,
      };
    const total: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    try {
      for (let n = 0; ; n++) {
        try {
          const out = await attempt({ signal, timeoutMs: settings.timeoutMs, now: deps.now });
          add(total, out.usage);
          deps.usage.record(day(), id, out.usage, true);
          const was = breaker.state;
          breaker.state = 'closed';
          breaker.consecutiveFailures = 0;
          if (was !== 'closed') changed();
          return { ok: true, value: out.value, usage: total };
        } catch (error) {
          const e =
            signal.aborted &&
            !(error instanceof ProviderError && error.reason !== 'timeout' && error.reason !== 'unavailable')
              ? new ProviderError('timeout', 'the call timed out')
              : asProviderError(error);
          if (e.usage) {
            add(total, e.usage);
            deps.usage.record(day(), id, e.usage, false);
          }
          const wait = e.retryAfterMs ?? Math.min(4_000, 250 * 2 ** n);
          if (n < settings.maxRetries && RETRYABLE(e) && wait <= settings.maxRetryWaitMs && !signal.aborted) {
            deps.onRetry?.({ attempt: n + 1, waitMs: wait, reason: e.message });
            try {
              await deps.sleep(wait, signal);
              continue;
            } catch {
              return fail(
                new ProviderError('timeout', `timed out waiting ${wait} ms to retry after: ${e.message}`),
                total,
              );
            }
          }
          return fail(e, total);
        }
      }
    } finally {
      release();
    }
  }

  const fail = <T>(e: ProviderError, usage: TokenUsage): ModelResult<T> => {
    // The breaker counts failures of the provider, not answers the checks rejected or budgets.
    if (e.reason !== 'malformed' && e.reason !== 'busy') {
      breaker.consecutiveFailures++;
      breaker.lastError = e.message;
      if (breaker.state === 'half-open' || breaker.consecutiveFailures >= settings.breakerFailures) {
        breaker.state = 'open';
        breaker.openedAt = deps.now();
        breaker.openUntil = breaker.openedAt + settings.breakerCooldownMs;
        deps.onBreakerOpen?.({ ...breaker });
        changed();
      }
    }
    return {
      ok: false,
      reason: e.reason,
      detail: e.message,
      ...(usage.inputTokens + usage.outputTokens > 0 ? { usage } : {}),
    };
  };

  return {
    id,
    host: provider.host,
    provider: provider.name,
    model: provider.model,
    breaker: () => ({ ...breaker }),
    ping: () => run((c) => provider.ping(c)),
    answer: (request) => run((c) => provider.answer(request, c), request.signal),
    summarize: (request) => run((c) => provider.summarize(request, c), request.signal),
  };
}

function add(total: TokenUsage, u: TokenUsage): void {
  total.inputTokens += u.inputTokens;
  total.outputTokens += u.outputTokens;
}

function asProviderError(error: unknown): ProviderError {
  return error instanceof ProviderError
    ? error
    : new ProviderError('unavailable', (error as Error)?.message ?? String(error));
}
