import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SEED_BRIEFING = path.join(REPO_ROOT, 'briefings', 'anthropic-intelligence-agencies.md');
export const SEED_TITLE = 'Anthropic in talks to supply Claude to U.S. intelligence agencies';

/** A temp project dir with a briefings/ folder holding the seed (plus optional extra files). */
export function tempProject(extra: Record<string, string> = {}): { dir: string; briefingsDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'govai-test-'));
  const briefingsDir = path.join(dir, 'briefings');
  cpSync(path.dirname(SEED_BRIEFING), briefingsDir, { recursive: true });
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  return { dir, briefingsDir };
}

/** Polls until `check` returns a value (not undefined) or the timeout passes. */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
