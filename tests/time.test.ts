import { describe, expect, it } from 'vitest';
import { backgroundSleep } from '../src/core/time.js';
import { systemTime } from '../src/time/system-time.js';
import { manualTime } from './helpers/manual-time.js';

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
});
