import { createHash } from 'node:crypto';
import type { AbstractiveSummary, SummaryCachePort } from '../core/grounded/bot-model.js';
import { briefingCandidates } from '../core/grounded/candidates.js';
import { type LanguageModelPort, type ModelFailure, PROMPT_VERSION } from '../core/grounded/port.js';
import { verifySummary } from '../core/grounded/verify.js';
import type { Briefing } from '../core/model.js';
import type { Logger } from '../log/logger.js';
import type { SummaryKey, SummaryStore } from '../store/summary-cache.js';

// The model's TL;DR and key points for a briefing, made in the background once per (content hash, model, prompt
// version) and kept in the store. Readers never wait: until a summary is ready (and whenever the model is down)
// the offline one is shown. Only verified text is stored; a summary the checks reject is remembered as rejected so
// the model is not asked again for the same content.

/** Failures worth trying again later (the provider was down or busy); anything else is final for this content. */
const TRANSIENT: ReadonlySet<ModelFailure> = new Set([
  'timeout',
  'unavailable',
  'rate-limited',
  'http-error',
  'budget',
  'circuit-open',
  'busy',
  'auth',
]);

export interface SummaryCache extends SummaryCachePort {
  /** Resolves when every summary asked for so far is done (tests, `doctor`, warm-up). */
  idle(): Promise<void>;
  /** Calls made to the model so far by this cache. */
  readonly calls: number;
}

export function contentHash(b: Briefing): string {
  return createHash('sha256')
    .update(JSON.stringify([b.title, b.paragraphs]))
    .digest('hex');
}

const keyFor = (b: Briefing, model: string): SummaryKey => ({
  contentHash: contentHash(b),
  model,
  promptVersion: PROMPT_VERSION,
});

/**
 * The summaries the running bot stored, read only: a one-shot command (`govai digest --now`) shows the model's
 * cached TL;DRs without calling the model (it would exit before one is ready); `model` is `provider:model`.
 */
export function storedSummaries(store: SummaryStore, model: string): SummaryCachePort {
  return {
    get(b) {
      const entry = store.get(keyFor(b, model));
      return entry?.status === 'ready' ? entry.summary : undefined;
    },
    request: () => undefined,
  };
}

export function createSummaryCache(deps: {
  port: LanguageModelPort;
  store: SummaryStore;
  clock: () => number;
  logger: Logger;
  /** One summary's time limit, retries included. */
  timeoutMs: number;
}): SummaryCache {
  const inflight = new Map<string, Promise<void>>();
  let calls = 0;
  const keyOf = (b: Briefing): SummaryKey => keyFor(b, deps.port.id);
  const stored = storedSummaries(deps.store, deps.port.id);
  const flat = (k: SummaryKey) => `${k.contentHash}\n${k.model}\n${k.promptVersion}`;

  async function make(b: Briefing, key: SummaryKey): Promise<void> {
    const document = briefingCandidates(b);
    if (document.sentences.length < 2) return;
    calls++;
    const out = await deps.port.summarize({
      title: b.title,
      documents: [document],
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    const log = { briefing: b.id, model: deps.port.id };
    if (!out.ok) {
      if (TRANSIENT.has(out.reason)) {
        deps.logger.warn(
          { llm: { ...log, reason: out.reason, detail: out.detail } },
          'model summary not made now (offline summary shown); will try again',
        );
        return;
      }
      deps.store.put(key, b.id, {
        status: 'rejected',
        detail: `${out.reason}: ${out.detail}`,
        createdAt: deps.clock(),
      });
      deps.logger.warn(
        { llm: { ...log, reason: out.reason, detail: out.detail } },
        'model summary rejected: offline summary kept',
      );
      return;
    }
    const verdict = verifySummary(out.value, document);
    if (!verdict.ok) {
      deps.store.put(key, b.id, {
        status: 'rejected',
        detail: `${verdict.rejection}: ${verdict.detail}`,
        createdAt: deps.clock(),
      });
      deps.logger.warn(
        { llm: { ...log, reason: verdict.rejection, detail: verdict.detail } },
        'model summary failed the checks: offline summary kept',
      );
      return;
    }
    const v = verdict.value;
    const paragraphs = (s: { citation: { paragraph: number } }[]) =>
      [...new Set(s.map((x) => x.citation.paragraph))].sort((a, c) => a - c);
    const summary: AbstractiveSummary = {
      model: deps.port.id,
      tldr: v.tldr.text,
      tldrParagraphs: paragraphs(v.tldr.sentences),
      points: v.points.map((p) => ({ text: p.text, paragraphs: paragraphs(p.sentences) })),
    };
    deps.store.put(key, b.id, { status: 'ready', summary, createdAt: deps.clock() });
    deps.logger.info(
      { llm: { ...log, points: summary.points.length, dropped: v.dropped.length, usage: out.usage } },
      'model summary verified and stored',
    );
  }

  return {
    get calls() {
      return calls;
    },
    get: stored.get,
    request(b) {
      const key = keyOf(b);
      const k = flat(key);
      if (inflight.has(k) || deps.store.get(key)) return;
      const run = make(b, key)
        .catch((error) => {
          // A bug here must never reach the reader: the offline summary stays.
          deps.logger.error({ llm: { briefing: b.id, error: (error as Error).message } }, 'model summary failed');
        })
        .finally(() => inflight.delete(k));
      inflight.set(k, run);
    },
    async idle() {
      while (inflight.size > 0) await Promise.all([...inflight.values()]);
    },
  };
}
