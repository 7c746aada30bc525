import type { AskOptions, Library } from '../library.js';
import type { Time } from '../time.js';
import type { AskResult, Briefing, Digest } from '../model.js';
import { groundedAsk, type ModelUse } from './answerer.js';
import type { LanguageModelPort } from './port.js';

// What the bot needs to use an optional model. Built by the composition root from `llm:` in the config; absent
// means the offline answerer alone, exactly as before.

/** A verified abstractive summary of one briefing, from the cache. */
export interface AbstractiveSummary {
  model: string;
  tldr: string;
  tldrParagraphs: number[];
  points: Array<{ text: string; paragraphs: number[] }>;
}

export interface SummaryCachePort {
  /** The cached summary for this briefing's current content and the configured model, if ready. */
  get(briefing: Briefing): AbstractiveSummary | undefined;
  /** Asks for one in the background (once per content, model and prompt version); never throws. */
  request(briefing: Briefing): void;
}

export interface BotModel {
  port: LanguageModelPort;
  /** `ask` commands: the reply is deferred (Slack answers through response_url), so this may be generous. */
  commandTimeoutMs: number;
  /** Keyword-triggered answers and mentions: past this the offline answer is posted. */
  triggerTimeoutMs: number;
  /** The time port's `timeout` (src/core/time.ts): both limits above run on the one clock, which tests move. */
  timeout: Time['timeout'];
  /** Which features use the model. */
  answers: boolean;
  summaries?: SummaryCachePort;
  /** Every question on the model path reports here (the composition root logs it). */
  onUse?: (use: ModelUse, where: 'command' | 'message') => void;
}

export async function modelAsk(
  model: BotModel | undefined,
  library: Library,
  question: string,
  options: AskOptions,
  offline: AskResult,
  where: 'command' | 'message',
): Promise<AskResult> {
  if (!model?.answers) return offline;
  try {
    const signal = model.timeout(where === 'command' ? model.commandTimeoutMs : model.triggerTimeoutMs);
    const { result, use } = await groundedAsk(model.port, library, question, options, offline, signal);
    model.onUse?.(use, where);
    return result;
  } catch (error) {
    // A bug on the model path must never cost the user the offline answer.
    model.onUse?.({ model: model.port.id, used: false, reason: 'error', detail: (error as Error).message }, where);
    return offline;
  }
}

/** The briefing with the model's TL;DR and key points when the cache has them (and asks for them when not). */
export function withModelSummary(model: BotModel | undefined, briefing: Briefing): Briefing {
  const cache = model?.summaries;
  if (!cache) return briefing;
  const s = cache.get(briefing);
  if (!s) {
    cache.request(briefing);
    return briefing;
  }
  const cite = (paragraph: number) => ({
    briefingId: briefing.id,
    title: briefing.title,
    ...(briefing.url ? { url: briefing.url } : {}),
    source: briefing.source,
    paragraph,
  });
  return {
    ...briefing,
    tldr: s.tldr,
    // Key points that failed the checks were dropped; with none left the offline ones stay.
    keyPoints:
      s.points.length === 0
        ? briefing.keyPoints
        : s.points.map((p) => ({
            text: p.text,
            citation: cite(p.paragraphs[0] ?? 1),
            ...(p.paragraphs.length > 1 ? { paragraphs: p.paragraphs } : {}),
          })),
    summaryBy: { model: s.model, tldrParagraphs: s.tldrParagraphs, keyPoints: s.points.length > 0 },
  };
}

/** Digest items carry the model's TL;DR when cached; the offline one otherwise. */
export function withModelDigest(
  model: Pick<BotModel, 'summaries'> | undefined,
  digest: Digest,
  library: Library,
): Digest {
  const cache = model?.summaries;
  if (!cache) return digest;
  const swap = (items: Digest['items']) =>
    items.map((item) => {
      const b = library.get(item.briefingId);
      if (!b) return item;
      const s = cache.get(b);
      if (!s) {
        cache.request(b);
        return item;
      }
      return { ...item, tldr: s.tldr, tldrBy: s.model };
    });
  return { ...digest, items: swap(digest.items), overflow: swap(digest.overflow) };
}
