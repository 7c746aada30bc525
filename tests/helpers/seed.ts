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

/** Writes briefings/fresh.md, published yesterday (by the real clock): a digest of the last days has it as new. */
export function writeFreshBriefing(briefingsDir: string): void {
  writeFileSync(
    path.join(briefingsDir, 'fresh.md'),
    `---\nid: fresh\ntitle: "Treasury pilots ledger audits"\nsource: "wire"\npublished: ` +
      `${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}\n---\n\nThe treasury ledger office ` +
      `reviewed ledger plans with partners on Monday.\n`,
  );
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
