import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { extractInWorker } from '../../src/ingest/isolate.js';
import { fetchPolicyFrom } from '../../src/ingest/service.js';
import { tempProject } from '../helpers/seed.js';

// Issue #11: the per-item budgets (time and memory of the worker that extracts a page or parses a feed) are set in
// govai.config.yaml under ingest.budget, validated, and reach every fetch policy.
const load = (yaml: string) => loadConfig({}, tempProject({ 'govai.config.yaml': yaml }).dir);

describe('ingest budgets in govai.config.yaml', () => {
  it('defaults to 15 s and 256 MB', () => {
    const loaded = load('triggers:\n  cooldownSeconds: 600\n');
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(fetchPolicyFrom(loaded.config).budget).toEqual({ timeMs: 15_000, memoryMb: 256 });
  });

  it('an invalid budget is refused naming the field', () => {
    const loaded = load('ingest:\n  budget:\n    timeoutSeconds: 0\n');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems.join('\n')).toMatch(/ingest\.budget\.timeoutSeconds/);
  });

  it('a configured 1 s budget refuses a page of 2,000 nested <div>s, naming its URL', async () => {
    const loaded = load('ingest:\n  budget:\n    timeoutSeconds: 1\n    memoryMb: 128\n');
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const policy = fetchPolicyFrom(loaded.config);
    expect(policy.budget).toEqual({ timeMs: 1_000, memoryMb: 128 });
    const page = `<html><body>${'<div>'.repeat(2_000)}<p>${'Agencies adopted the rule. '.repeat(40)}</p>${'</div>'.repeat(2_000)}</body></html>`;
    const url = 'https://example.test/nested';
    const outcome = await extractInWorker(page, url, policy.budget);
    expect(outcome).toMatchObject({ ok: false });
    if (!outcome.ok) expect(outcome.message).toMatch(/https:\/\/example\.test\/nested.*budget of 1 s/);
  });
});
