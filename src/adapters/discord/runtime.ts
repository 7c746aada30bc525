import { backgroundSleep } from '../../core/time.js';
import { systemTime } from '../../time/system-time.js';
import type { MentionType } from './embed-pack.js';

/** Adapter state the listeners share; one per running adapter, kept across client rebuilds. */
export interface DiscordRuntime {
  /** discord.js form of the configured `allowed_mentions` (default: nobody is pinged). */
  allowedMentions: { parse: MentionType[]; repliedUser: false };
  /** True once Discord refused the Message Content intent: keyword triggers fall back to mentions only. */
  degraded: boolean;
  /** How a refused answer's retry waits (the context's time port, src/core/time.ts). */
  sleep: (ms: number) => Promise<void>;
}

export function createRuntime(
  allowed: readonly MentionType[],
  sleep: (ms: number) => Promise<void> = backgroundSleep(systemTime),
): DiscordRuntime {
  return { allowedMentions: { parse: [...allowed], repliedUser: false }, degraded: false, sleep };
}
