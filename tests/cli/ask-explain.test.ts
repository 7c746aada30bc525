import { describe, expect, it } from 'vitest';
import { govai } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/seed.js';

const project = tempProject();
const cwd = project.dir;
const env = { GOVAI_BRIEFINGS_DIR: project.briefingsDir };

describe('govai ask --explain', () => {
  it('prints how each question word matched, the gate, the candidates and the decision', async () => {
    const r = await govai(['ask', '--explain', 'When did Microsoft and OpenAI formalize their partnership?'], {
      cwd,
      env,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}microsoft +exact +weight [\d.]+ x 1\.00/m);
    expect(r.stdout).toMatch(/gate x1: has a date/);
    expect(r.stdout).toMatch(/1\. anthropic-intelligence-agencies sentence/);
    expect(r.stdout).toMatch(/Decision: answered: gate [\d.]+ \(sentence [\d.]+, .*\) >= threshold 0\.5/);
  });

  it('--format json gives the trace as data, the same result as plain ask', async () => {
    const q = 'How many satellites does Anthropic own?';
    const r = await govai(['ask', '--explain', '--format', 'json', q], { cwd, env });
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.result).toMatchObject({ kind: 'unknown', reason: 'low-confidence' });
    expect(e.decision).toMatch(/^declined/);
  });
});
