import type { ContractSetup } from './contract-suite.js';

/** The config every driver starts with (the cooldown and trigger switch the suite asks for). */
export function contractConfig(setup: ContractSetup): string {
  return `triggers:\n  cooldownSeconds: ${setup.cooldownSeconds}\n  enabled: ${setup.triggersEnabled}\n`;
}

/** Resolves with the first outcome `find` returns once `outcomes` grows to include it. */
export function waitForOutcome<T>(
  outcomes: readonly T[],
  find: (o: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const hit = outcomes.find(find);
      if (hit !== undefined) return resolve(hit);
      if (Date.now() > end)
        return reject(new Error(`timed out after ${timeoutMs} ms waiting for the outcome of ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}
