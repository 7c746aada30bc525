import { describe, expect, it } from 'vitest';
import { govai } from '../helpers/run-cli.js';
import { SEED_TITLE, tempProject } from '../helpers/seed.js';

// `govai summary --format discord` through the compiled CLI (npm test builds dist/ first): the message
// payloads the bot would send, each with allowed_mentions parse [] so nothing pings.

describe('--format discord', () => {
  it('prints Discord message payloads (JSON) with allowed_mentions parse []', async () => {
    const { dir } = tempProject();
    const r = await govai(['summary', '--format', 'discord'], { cwd: dir, env: { GOVAI_DB: ':memory:' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const payloads = JSON.parse(r.stdout) as Array<{
      embeds?: Array<{ title?: string }>;
      allowed_mentions?: { parse: string[] };
    }>;
    expect(payloads.length).toBeGreaterThan(0);
    for (const p of payloads) expect(p.allowed_mentions?.parse).toEqual([]);
    expect(payloads[0]!.embeds![0]!.title).toBe(SEED_TITLE);
  }, 30_000);
});
