import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backgroundSleep } from '../src/core/time.js';
import { systemTime } from '../src/time/system-time.js';
import { tsFiles } from './helpers/import-graph.js';
import { manualTime } from './helpers/manual-time.js';
import { REPO_ROOT } from './helpers/seed.js';
import { clockViolations, TIME_EXCEPTIONS } from './helpers/time-rule.js';

// The one time port (src/core/time.ts): the manual fake the unit tests move by hand, and the real one main passes.

describe('manual time', () => {
  it('runs due timers in order of due time on advance, and not before', async () => {
    const time = manualTime({ startMs: 1_000 });
    const ran: string[] = [];
    time.setTimeout(() => ran.push('b@300'), 300);
    time.setTimeout(() => ran.push('a@100'), 100);
    const cancelled = time.setTimeout(() => ran.push('never'), 200);
    time.clearTimeout(cancelled);
    await time.advance(99);
    expect(ran).toEqual([]);
    await time.advance(1);
    expect(ran).toEqual(['a@100']);
    expect(time.now()).toBe(1_100);
    await time.advance(1_000);
    expect(ran).toEqual(['a@100', 'b@300']);
    expect(time.now()).toBe(2_100);
  });

  it('resolves a sleep on advance, so a loop that sleeps and retries runs to its end inside one advance', async () => {
    const time = manualTime({ startMs: 0 });
    const at: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await time.sleep(1_000);
        at.push(time.now());
      }
    })();
    await time.advance(2_500);
    expect(at).toEqual([1_000, 2_000]);
    await time.advance(500);
    await loop;
    expect(at).toEqual([1_000, 2_000, 3_000]);
    expect(time.sleeps).toEqual([1_000, 1_000, 1_000]);
  });

  it('an aborted sleep rejects and leaves no timer behind', async () => {
    const time = manualTime();
    const controller = new AbortController();
    const slept = time.sleep(60_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(slept).rejects.toThrow('stopped');
    expect(time.pending()).toBe(0);
  });

  it('intervals repeat until cleared; background sleeps resolve like any timer', async () => {
    const time = manualTime({ startMs: 0 });
    let ticks = 0;
    const every = time.setInterval(() => ticks++, 100);
    let woke = false;
    void backgroundSleep(time)(250).then(() => (woke = true));
    await time.advance(350);
    expect(ticks).toBe(3);
    expect(woke).toBe(true);
    time.clearInterval(every);
    await time.advance(1_000);
    expect(ticks).toBe(3);
  });

  it('a timeout signal aborts with a TimeoutError once the clock passes its limit, and not before', async () => {
    const time = manualTime({ startMs: 0 });
    const signal = time.timeout(800);
    const fired: unknown[] = [];
    signal.addEventListener('abort', () => fired.push(signal.reason));
    await time.advance(799);
    expect(signal.aborted).toBe(false);
    await time.advance(1);
    expect(signal.aborted).toBe(true);
    expect(fired).toHaveLength(1);
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
    expect(time.pending()).toBe(0);
  });

  it('auto mode jumps to each due sleep without an advance, and the clock shows the wait', async () => {
    const time = manualTime({ startMs: 0, auto: true });
    await time.sleep(30_000);
    await time.sleep(5_000);
    expect(time.now()).toBe(35_000);
    expect(time.sleeps).toEqual([30_000, 5_000]);
  });
});

describe('system time', () => {
  it('reads the wall clock and an aborted sleep rejects at once', async () => {
    const before = Date.now();
    expect(systemTime.now()).toBeGreaterThanOrEqual(before);
    const controller = new AbortController();
    const slept = systemTime.sleep(60_000, controller.signal);
    controller.abort();
    await expect(slept).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a timeout signal is not aborted at first, then aborts with a TimeoutError on the wall clock', async () => {
    const signal = systemTime.timeout(20);
    expect(signal.aborted).toBe(false);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
  });
});

describe('one clock: nothing in src/ reads the wall clock or starts a timer outside the time modules', () => {
  const files = tsFiles(path.join(REPO_ROOT, 'src')).map((f) => path.relative(REPO_ROOT, f).split(path.sep).join('/'));

  it('holds on the tree', () => {
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => clockViolations(f, readFileSync(path.join(REPO_ROOT, f), 'utf8')));
    expect(found.map((v) => `${v.file}:${v.line} ${v.construct}: ${v.text}`)).toEqual([]);
  });

  it('every exception names a file that exists, and still uses what it is excused for', () => {
    for (const [file, { allows, reason }] of Object.entries(TIME_EXCEPTIONS)) {
      expect(files, file).toContain(file);
      expect(reason.length).toBeGreaterThan(10);
      const source = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      // Without its exception the file would fail: a stale exception is removed, not kept.
      const without = clockViolations('src/x.ts', source).map((v) => v.construct);
      for (const construct of allows) expect(without, `${file} ${construct}`).toContain(construct);
    }
  });

  it('fails on each forbidden construct, and passes the port and comments', () => {
    const bad = [
      'const t = Date.now();',
      'const d = new Date();',
      'setTimeout(() => undefined, 10);',
      'const i = setInterval(tick, 1_000);',
      'clearTimeout(handle);',
      'clearInterval(handle);',
      'setImmediate(resolve);',
      'const p = performance.now();',
      'fetch(url, { signal: AbortSignal.timeout(5_000) });',
      'const clock = options.clock ?? Date.now;',
    ];
    for (const line of bad) expect(clockViolations('src/app/x.ts', line), line).toHaveLength(1);
    const fine = [
      'time.setTimeout(() => undefined, 10);',
      'ctx.time.clearInterval(watch);',
      'const when = new Date(time.now());',
      '// starts from the real `new Date()`, which an injected clock cannot move',
      "const url = 'https://example.test/a'; // not Date.now",
    ];
    for (const line of fine) expect(clockViolations('src/app/x.ts', line), line).toEqual([]);
    // An exception allows only what it names.
    expect(clockViolations('src/ingest/safe-fetch.ts', 'setTimeout(abort, 1);')).toEqual([]);
    expect(clockViolations('src/ingest/safe-fetch.ts', 'const t = Date.now();')).toHaveLength(1);
    expect(clockViolations('src/time/system-time.ts', 'const t = Date.now();')).toEqual([]);
  });
});
