import type { TestContext } from 'vitest';

export type Cleanups = Array<() => Promise<void> | void>;

/** A test's own cleanups, run in reverse when it finishes: cases that run side by side cannot share one list. */
export function cleanupsOf(ctx: TestContext): Cleanups {
  const cleanups: Cleanups = [];
  ctx.onTestFinished(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  return cleanups;
}
