import type { DeliveryRecord } from '../delivery-record.js';
import type { TakeQueue } from '../delivery-writes.js';

// Group commit for the per-send writes on PostgreSQL: the takes and "sent" marks made while a statement is running go
// together in the next one, one statement and one commit for all of them (a sender's "sent" and its next take, issued
// in the same turn, share it). Each caller still waits for the commit that holds its own write. A row asked for by
// both kinds at once keeps its take for the following statement (one statement never updates a row twice).

/** One row's take (or lease renewal) for `holder`. */
export type Take = { id: number; holder: string; untilMs: number; nowMs: number };
/** One row marked sent. */
export type Sent = { id: number; messageIds: string; nowMs: number };
/** takeNext for one queue: up to `want` rows of `window` (in its order), for one holder. */
export type Next = { holder: string; untilMs: number; nowMs: number; want: number; window: DeliveryRecord[] };
/** What a statement did for a Next: the rows it took (in window order) and the rows before the last one it passed. */
export type NextDone = { taken: DeliveryRecord[]; passed: Map<number, DeliveryRecord> };

export type GroupStatement<TO> = (
  takes: Take[],
  sents: Sent[],
  next: Next | undefined,
) => Promise<{ takes: Map<Take, TO>; sents: Set<Sent>; next?: NextDone }>;

type Waiter<O> = { resolve: (o: O) => void; reject: (e: unknown) => void };

/**
 * Candidates looked at per takeNext statement: twice the rows wanted while the queue's rows are free (a row or two
 * held elsewhere does not cost a statement of its own), and four times what the last statement passed over on top (a
 * replica that meets a stretch another already sent crosses it in two or three statements: each one a round trip on
 * the chain of statements that paces its sends), up to this many.
 */
export const NEXT_WINDOW_MAX = 1024;
export function nextWindow(want: number, lastPassed: number): number {
  return Math.min(NEXT_WINDOW_MAX, 2 * want + 4 * lastPassed);
}

/** Statements running at once (each on its own connection). */
export const GROUP_IN_FLIGHT = 2;

export function groupCommit<TO>(run: GroupStatement<TO>, maxInFlight = GROUP_IN_FLIGHT, maxBatch = 200) {
  let takes: Array<{ item: Take } & Waiter<TO | undefined>> = [];
  let sents: Array<{ item: Sent } & Waiter<boolean>> = [];
  type NextWaiter = Waiter<DeliveryRecord | undefined> & { holder: string; nowMs: number; untilMs: number };
  const nexts = new Map<TakeQueue, NextWaiter[]>();
  const lastPassed = new WeakMap<TakeQueue, number>();
  // One statement per queue at a time: its window is shifted off the queue until the statement answers.
  const busy = new Set<TakeQueue>();
  /** Rows written by the statements running now. */
  const writing = new Set<number>();
  let inFlight = 0;
  let scheduled = false;

  const readyQueue = () => [...nexts.keys()].find((q) => !busy.has(q));

  /** The next queue's request, or undefined; resolves at once the waiters of a queue that is empty. */
  const nextRequest = (room: number, excluded: Set<number>) => {
    for (let queue = readyQueue(); queue; queue = readyQueue()) {
      const waiters = nexts.get(queue)!;
      const want = Math.max(1, Math.min(waiters.length, room));
      const shifted = queue.shift(nextWindow(want, lastPassed.get(queue) ?? 0));
      if (shifted.length === 0) {
        nexts.delete(queue);
        for (const w of waiters) w.resolve(undefined);
        continue;
      }
      // A row this statement already writes (its "sent", a renewal) waits for the following one.
      const window = shifted.filter((r) => !excluded.has(r.id));
      const later = shifted.filter((r) => excluded.has(r.id));
      const served = waiters.slice(0, want);
      // The latest caller's time: the lease runs from the newest of them.
      const latest = served[served.length - 1]!;
      if (served.length === waiters.length) nexts.delete(queue);
      else nexts.set(queue, waiters.slice(want));
      if (window.length === 0) {
        queue.unshift(later);
        requeue(queue, served);
        continue;
      }
      const next: Next = { holder: latest.holder, nowMs: latest.nowMs, untilMs: latest.untilMs, want, window };
      return { queue, served, next, later };
    }
    return undefined;
  };

  const requeue = (queue: TakeQueue, waiters: NextWaiter[]) => {
    if (waiters.length > 0) nexts.set(queue, [...waiters, ...(nexts.get(queue) ?? [])]);
  };

  const settleNext = (
    req: { queue: TakeQueue; served: NextWaiter[]; next: Next; later: DeliveryRecord[] },
    done: NextDone | undefined,
    error?: unknown,
  ) => {
    const { queue, served, next, later } = req;
    if (!done) {
      // Each waiter tried one row, as one take per row would have: those fail, the rest go back unexamined.
      for (const candidate of next.window.slice(0, served.length)) queue.failed(candidate, error);
      queue.unshift([...next.window.slice(served.length), ...later]);
      requeue(queue, served);
      return;
    }
    const takenIds = new Set(done.taken.map((r) => r.id));
    const full = done.taken.length >= next.want;
    const lastTaken = full ? next.window.findLastIndex((r) => takenIds.has(r.id)) : next.window.length - 1;
    let passed = 0;
    for (const candidate of next.window.slice(0, lastTaken + 1))
      if (!takenIds.has(candidate.id)) {
        passed++;
        queue.passed(candidate, done.passed.get(candidate.id));
      }
    lastPassed.set(queue, passed);
    queue.unshift([...next.window.slice(lastTaken + 1), ...later]);
    for (const [i, w] of served.entries()) if (i < done.taken.length) w.resolve(done.taken[i]);
    requeue(queue, served.slice(done.taken.length));
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight) {
      const s = sents.slice(0, maxBatch);
      const sentIds = new Set(s.map((x) => x.item.id));
      const t: typeof takes = [];
      const keep: typeof takes = [];
      // A take of a row this statement or a running one writes waits until that one has committed, so it reads the
      // row as written (not as it was, past the lock).
      const free = (id: number) => !sentIds.has(id) && !writing.has(id);
      for (const x of takes) (t.length < maxBatch - s.length && free(x.item.id) ? t : keep).push(x);
      const excluded = new Set([...sentIds, ...writing, ...t.map((x) => x.item.id)]);
      const req = nextRequest(Math.max(1, maxBatch - s.length - t.length), excluded);
      if (s.length === 0 && t.length === 0 && !req) return;
      sents = sents.slice(s.length);
      takes = keep;
      if (req) busy.add(req.queue);
      const ids = [...sentIds, ...t.map((x) => x.item.id), ...(req?.next.window.map((r) => r.id) ?? [])];
      for (const id of ids) writing.add(id);
      inFlight++;
      run(
        t.map((x) => x.item),
        s.map((x) => x.item),
        req?.next,
      )
        .then(
          (out) => {
            for (const x of s) x.resolve(out.sents.has(x.item));
            for (const x of t) x.resolve(out.takes.get(x.item));
            if (req) settleNext(req, out.next ?? { taken: [], passed: new Map() });
          },
          (error) => {
            for (const x of [...s, ...t]) x.reject(error);
            if (req) settleNext(req, undefined, error);
          },
        )
        .finally(() => {
          for (const id of ids) writing.delete(id);
          if (req) busy.delete(req.queue);
          inFlight--;
          flush();
        });
    }
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      // The same turn's callers (a fan-out's workers) join this batch.
      setImmediate(flush);
    }
  };
  return {
    take: (item: Take) =>
      new Promise<TO | undefined>((resolve, reject) => {
        takes.push({ item, resolve, reject });
        schedule();
      }),
    sent: (item: Sent) =>
      new Promise<boolean>((resolve, reject) => {
        sents.push({ item, resolve, reject });
        schedule();
      }),
    next: (queue: TakeQueue, holder: string, nowMs: number, untilMs: number) =>
      new Promise<DeliveryRecord | undefined>((resolve, reject) => {
        nexts.set(queue, [...(nexts.get(queue) ?? []), { resolve, reject, holder, nowMs, untilMs }]);
        schedule();
      }),
  };
}
