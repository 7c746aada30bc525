import cron from 'node-cron';

// Run times of a cron expression in a time zone, relative to any instant (node-cron's own getNextRuns() always
// starts from the real `new Date()`, which an injected clock cannot move, and it has no "previous run").
// Candidates come from node-cron's parsed fields; node-cron's own matcher (task.match) has the last word, so
// we agree with it on every syntax detail (L, #, ranges) and on daylight-saving gaps.

const MAX_DAYS = 366 * 8;
const DAY_MS = 86_400_000;

interface Matcher {
  fields: ReturnType<typeof cron.parse>;
  match(date: Date): boolean;
}

function matcher(expression: string, timezone: string): Matcher {
  const fields = cron.parse(expression);
  // createTask builds a stopped task: no timer runs. We only borrow its matcher, then destroy it.
  const task = cron.createTask(expression, () => undefined, { timezone });
  const match = (date: Date) => task.match(date);
  void task.destroy();
  return { fields, match };
}

/** Yields the run times strictly after `fromMs`, ascending. */
export function runsAfter(expression: string, timezone: string, fromMs: number): Generator<Date> {
  return walk(expression, timezone, fromMs, 1);
}

/** Yields the run times at or before `nowMs`, newest first. */
export function runsAtOrBefore(expression: string, timezone: string, nowMs: number): Generator<Date> {
  return walk(expression, timezone, nowMs, -1);
}

function* walk(expression: string, timezone: string, fromMs: number, direction: 1 | -1): Generator<Date> {
  const { fields, match } = matcher(expression, timezone);
  const numeric = (values: Array<number | string>) => values.every((v) => typeof v === 'number');
  const order = (values: number[]) => [...values].sort((a, b) => (a - b) * direction);
  const hours = order(fields.hour);
  const minutes = order(fields.minute);
  const seconds = order(fields.second);
  const dom = numeric(fields.dayOfMonth) ? new Set(fields.dayOfMonth as number[]) : undefined;
  const dow = numeric(fields.dayOfWeek) ? new Set((fields.dayOfWeek as number[]).map((d) => d % 7)) : undefined;
  const months = new Set(fields.month);
  const start = localParts(fromMs, timezone);
  const inRange = (ts: number) => (direction === 1 ? ts > fromMs : ts <= fromMs);
  // Start a day behind: a local day can begin before `fromMs` in UTC terms around offset changes.
  let day = Date.UTC(start.year, start.month - 1, start.day) - DAY_MS * direction;
  for (let i = 0; i < MAX_DAYS; i++, day += DAY_MS * direction) {
    const d = new Date(day);
    const [y, mo, da] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    if (!months.has(mo) || (dom && !dom.has(da)) || (dow && !dow.has(d.getUTCDay()))) continue;
    // One offset for the whole day unless it changes within the day (a DST switch): then ask per candidate.
    const offStart = offsetMs(day - 14 * 3_600_000, timezone);
    const steady = offStart === offsetMs(day + DAY_MS + 14 * 3_600_000, timezone);
    const dayOut: number[] = [];
    for (const h of hours) {
      for (const m of minutes) {
        for (const s of seconds) {
          const ts = steady
            ? Date.UTC(y, mo - 1, da, h, m, s) - offStart
            : zonedTimeToUtc(y, mo, da, h, m, s, timezone);
          if (!inRange(ts) || !match(new Date(ts))) continue;
          if (steady) yield new Date(ts);
          else dayOut.push(ts);
        }
      }
    }
    // On a switch day local order and UTC order can differ (the repeated hour): sort before yielding.
    for (const ts of dayOut.sort((a, b) => (a - b) * direction)) yield new Date(ts);
  }
}

export function nextRunTimes(expression: string, timezone: string, fromMs: number, count: number): Date[] {
  const out: Date[] = [];
  if (count <= 0) return out;
  for (const run of runsAfter(expression, timezone, fromMs)) {
    out.push(run);
    if (out.length >= count) break;
  }
  return out;
}

/** The latest run time in (nowMs - lookbackMs, nowMs], if any: "the slot that is due now". */
export function latestRunAtOrBefore(
  expression: string,
  timezone: string,
  nowMs: number,
  lookbackMs: number,
): Date | undefined {
  for (const run of runsAtOrBefore(expression, timezone, nowMs))
    return run.getTime() > nowMs - lookbackMs ? run : undefined;
  return undefined;
}

/** `2026-03-09 09:00 EDT (America/New_York)`: how humans read a slot. */
export function formatInZone(date: Date, timezone: string): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  const zone = p.timeZoneName === timezone ? timezone : `${p.timeZoneName} (${timezone})`;
  return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${zone}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(
  ms: number,
  timezone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

function offsetMs(ms: number, timezone: string): number {
  const p = localParts(ms, timezone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a local wall-clock time names; in a spring-forward gap the result is not that wall time (the matcher
 * rejects it).
 */
export function zonedTimeToUtc(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  timezone: string,
): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = guess - offsetMs(guess, timezone);
  const second = guess - offsetMs(first, timezone);
  return second;
}
