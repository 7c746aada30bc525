import type { AbstractiveSummary } from '../core/grounded/bot-model.js';
import type { TokenUsage } from '../core/grounded/port.js';
import type { SqlDriver } from './sql.js';

// Model-written summaries, keyed by (content hash, model, prompt version): a briefing whose text, model or
// prompts have not changed is never summarized twice, across restarts. A summary the checks rejected is kept as
// `rejected` too, so a model that cannot summarize one article is not asked again on every digest.

export interface SummaryKey {
  contentHash: string;
  model: string;
  promptVersion: number;
}

export type StoredSummary =
  | { status: 'ready'; summary: AbstractiveSummary; createdAt: number }
  | { status: 'rejected'; detail: string; createdAt: number };

export interface SummaryStore {
  get(key: SummaryKey): StoredSummary | undefined;
  put(key: SummaryKey, briefingId: string, entry: StoredSummary): void;
  /** Rows per status, for doctor. */
  counts(): { ready: number; rejected: number };
}

interface Row {
  status: 'ready' | 'rejected';
  summary: string | null;
  detail: string | null;
  created_at: number;
}

export function sqlSummaryStore(sql: SqlDriver): SummaryStore {
  return {
    get(key) {
      const row = sql.get<Row>(
        'SELECT status, summary, detail, created_at FROM model_summaries WHERE content_hash = ? AND model = ? AND prompt_version = ?',
        [key.contentHash, key.model, key.promptVersion],
      );
      if (!row) return undefined;
      const createdAt = Number(row.created_at);
      if (row.status === 'rejected') return { status: 'rejected', detail: row.detail ?? '', createdAt };
      try {
        return { status: 'ready', summary: JSON.parse(row.summary ?? '') as AbstractiveSummary, createdAt };
      } catch {
        // A damaged row is a cache miss, never a crash.
        return undefined;
      }
    },
    put(key, briefingId, entry) {
      sql.run(
        `INSERT INTO model_summaries (content_hash, model, prompt_version, status, summary, detail, briefing_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (content_hash, model, prompt_version) DO UPDATE SET
           status = excluded.status, summary = excluded.summary, detail = excluded.detail,
           briefing_id = excluded.briefing_id, created_at = excluded.created_at`,
        [
          key.contentHash,
          key.model,
          key.promptVersion,
          entry.status,
          entry.status === 'ready' ? JSON.stringify(entry.summary) : null,
          entry.status === 'rejected' ? entry.detail : null,
          briefingId,
          entry.createdAt,
        ],
      );
    },
    counts() {
      const out = { ready: 0, rejected: 0 };
      for (const r of sql.all<{ status: string; n: number | string }>(
        'SELECT status, COUNT(*) AS n FROM model_summaries GROUP BY status',
      ))
        if (r.status === 'ready' || r.status === 'rejected') out[r.status] = Number(r.n);
      return out;
    },
  };
}

export function memorySummaryStore(): SummaryStore {
  const map = new Map<string, StoredSummary>();
  const k = (key: SummaryKey) => `${key.contentHash}\n${key.model}\n${key.promptVersion}`;
  return {
    get: (key) => map.get(k(key)),
    put: (key, _id, entry) => void map.set(k(key), entry),
    counts() {
      const out = { ready: 0, rejected: 0 };
      for (const e of map.values()) out[e.status]++;
      return out;
    },
  };
}

/** Tokens per UTC day and model: the guard's daily budget reads it, so the budget survives a restart. */
export interface ModelUsageStore {
  tokensOn(day: string): number;
  record(day: string, model: string, usage: TokenUsage, ok: boolean): void;
  /** Per model, for doctor and the eval. */
  day(
    day: string,
  ): Array<{ model: string; inputTokens: number; outputTokens: number; calls: number; failedCalls: number }>;
}

export function sqlModelUsage(sql: SqlDriver): ModelUsageStore {
  return {
    tokensOn: (day) =>
      Number(
        sql.get<{ n: number | string | null }>(
          'SELECT SUM(input_tokens + output_tokens) AS n FROM model_usage WHERE day = ?',
          [day],
        )?.n ?? 0,
      ),
    record: (day, model, u, ok) =>
      void sql.run(
        `INSERT INTO model_usage (day, model, input_tokens, output_tokens, calls, failed_calls) VALUES (?, ?, ?, ?, 1, ?)
         ON CONFLICT (day, model) DO UPDATE SET
           input_tokens = model_usage.input_tokens + excluded.input_tokens,
           output_tokens = model_usage.output_tokens + excluded.output_tokens,
           calls = model_usage.calls + 1, failed_calls = model_usage.failed_calls + excluded.failed_calls`,
        [day, model, u.inputTokens, u.outputTokens, ok ? 0 : 1],
      ),
    day: (day) =>
      sql
        .all<{ model: string; input_tokens: number; output_tokens: number; calls: number; failed_calls: number }>(
          'SELECT model, input_tokens, output_tokens, calls, failed_calls FROM model_usage WHERE day = ? ORDER BY model',
          [day],
        )
        .map((r) => ({
          model: r.model,
          inputTokens: Number(r.input_tokens),
          outputTokens: Number(r.output_tokens),
          calls: Number(r.calls),
          failedCalls: Number(r.failed_calls),
        })),
  };
}

/** A breaker's state as recorded by the process that uses the model. */
export interface StoredBreaker {
  model: string;
  state: 'closed' | 'open' | 'half-open';
  consecutiveFailures: number;
  openedAt?: number;
  openUntil?: number;
  lastError?: string;
  updatedAt: number;
}

/** The running bot writes its breaker on every change (open, half-open, closed); `govai doctor` reads it. */
export interface ModelBreakerStore {
  record(b: StoredBreaker): void;
  get(model: string): StoredBreaker | undefined;
}

export function sqlModelBreaker(sql: SqlDriver): ModelBreakerStore {
  const opt = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  return {
    record: (b) =>
      void sql.run(
        `INSERT INTO model_breaker (model, state, consecutive_failures, opened_at, open_until, last_error, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (model) DO UPDATE SET state = excluded.state, consecutive_failures = excluded.consecutive_failures,
           opened_at = excluded.opened_at, open_until = excluded.open_until, last_error = excluded.last_error,
           updated_at = excluded.updated_at`,
        [
          b.model,
          b.state,
          b.consecutiveFailures,
          b.openedAt ?? null,
          b.openUntil ?? null,
          b.lastError ?? null,
          b.updatedAt,
        ],
      ),
    get(model) {
      const r = sql.get<{
        state: StoredBreaker['state'];
        consecutive_failures: number;
        opened_at: number | null;
        open_until: number | null;
        last_error: string | null;
        updated_at: number;
      }>(
        'SELECT state, consecutive_failures, opened_at, open_until, last_error, updated_at FROM model_breaker WHERE model = ?',
        [model],
      );
      if (!r) return undefined;
      const openedAt = opt(r.opened_at);
      const openUntil = opt(r.open_until);
      return {
        model,
        state: r.state,
        consecutiveFailures: Number(r.consecutive_failures),
        ...(openedAt !== undefined ? { openedAt } : {}),
        ...(openUntil !== undefined ? { openUntil } : {}),
        ...(r.last_error !== null ? { lastError: r.last_error } : {}),
        updatedAt: Number(r.updated_at),
      };
    },
  };
}
