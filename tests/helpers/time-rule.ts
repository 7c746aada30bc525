// The one-clock rule (issue 12, deliverable 5), checked by tests/time.test.ts: outside the time modules, nothing in
// src/ reads the wall clock or starts a Node timer itself; it takes the time port (src/core/time.ts) instead, which
// the composition root builds (src/time/system-time.ts) and tests replace (tests/helpers/manual-time.ts).

/** The files that implement the port: the only ones that may touch the clock and the timers. */
export const TIME_MODULES: readonly string[] = ['src/core/time.ts', 'src/time/system-time.ts'];

/**
 * Justified exceptions, each with its reason: a time limit on real I/O (a socket, a worker thread, a process) is
 * measured on the wall clock by design, because a manual clock cannot make a socket slower. Keyed by file and by
 * the construct allowed there; anything else in these files is still a violation.
 */
export const TIME_EXCEPTIONS: Readonly<Record<string, { allows: readonly Construct[]; reason: string }>> = {
  'src/ingest/safe-fetch.ts': {
    allows: ['setTimeout', 'clearTimeout'],
    reason: 'aborts a real HTTP request (article or feed fetch) after its time limit',
  },
  'src/ingest/isolate.ts': {
    allows: ['setTimeout', 'clearTimeout'],
    reason: 'terminates a real worker thread that overruns its wall-clock budget',
  },
  'src/ingest/worker-pool.ts': {
    allows: ['setTimeout', 'clearTimeout'],
    reason: 'terminates the real warm worker thread when one item overruns its wall-clock budget',
  },
  'src/adapters/teams/sdk.ts': {
    allows: ['setTimeout', 'clearTimeout'],
    reason: 'bounds a real Bot Connector request, which the Agents SDK sends without an abort signal',
  },
  'src/store/pg/group-commit.ts': {
    allows: ['setImmediate'],
    reason: 'group commit: the writes made in one event-loop turn go in one statement; no time is read or waited',
  },
  'src/process/last-resort.ts': {
    allows: ['setTimeout', 'clearTimeout'],
    reason: 'bounds the exit after an uncaught exception; installed by main only, tested by a spawned process',
  },
  'src/doctor/slack-check.ts': { allows: ['AbortSignal.timeout'], reason: 'time limit on a real Slack API call' },
  'src/doctor/discord-check.ts': { allows: ['AbortSignal.timeout'], reason: 'time limit on a real Discord API call' },
  'src/adapters/teams/token-provider.ts': {
    allows: ['AbortSignal.timeout'],
    reason: 'time limit on a real token request',
  },
  'src/adapters/teams/consent.ts': {
    allows: ['AbortSignal.timeout'],
    reason: 'time limit on a real Microsoft Graph / Bot Connector lookup of the consent grants',
  },
  'src/adapters/teams/auth.ts': {
    allows: ['AbortSignal.timeout'],
    reason: 'time limit on a real OpenID metadata fetch',
  },
  'src/llm/guard.ts': { allows: ['AbortSignal.timeout'], reason: 'time limit on a real model call' },
  'src/app/summaries.ts': { allows: ['AbortSignal.timeout'], reason: 'time limit on a real model call' },
};

export type Construct =
  | 'Date.now'
  | 'new Date()'
  | 'setTimeout'
  | 'setInterval'
  | 'clearTimeout'
  | 'clearInterval'
  | 'setImmediate'
  | 'performance.now'
  | 'AbortSignal.timeout';

const PATTERNS: ReadonlyArray<[Construct, RegExp]> = [
  ['Date.now', /\bDate\.now\b/],
  ['new Date()', /\bnew Date\(\s*\)/],
  // A bare call; `time.setTimeout(...)` (the port) is fine.
  ['setTimeout', /(?<![.\w])setTimeout\s*\(/],
  ['setInterval', /(?<![.\w])setInterval\s*\(/],
  ['clearTimeout', /(?<![.\w])clearTimeout\s*\(/],
  ['clearInterval', /(?<![.\w])clearInterval\s*\(/],
  ['setImmediate', /(?<![.\w])setImmediate\s*\(/],
  ['performance.now', /\bperformance\.now\b/],
  ['AbortSignal.timeout', /\bAbortSignal\.timeout\b/],
];

/** Comments are prose (they may name `new Date()` to explain why it is not used). */
function stripComments(source: string): string {
  // Line comments first: one may hold a glob such as `src/*.ts` that would look like the start of a block.
  return source.replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1').replace(/\/\*[\s\S]*?\*\//g, '');
}

export interface ClockViolation {
  file: string;
  line: number;
  construct: Construct;
  text: string;
}

/** The clock and timer uses in one file that neither the time modules nor an exception allow. */
export function clockViolations(file: string, source: string): ClockViolation[] {
  if (TIME_MODULES.includes(file)) return [];
  const allowed = new Set(TIME_EXCEPTIONS[file]?.allows ?? []);
  const out: ClockViolation[] = [];
  stripComments(source)
    .split('\n')
    .forEach((text, i) => {
      for (const [construct, re] of PATTERNS) {
        if (!allowed.has(construct) && re.test(text)) out.push({ file, line: i + 1, construct, text: text.trim() });
      }
    });
  return out;
}
