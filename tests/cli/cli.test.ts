import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommands } from '../../src/cli/main.js';
import { govai, govaiInProcess as cli } from '../helpers/run-cli.js';
import { SEED_TITLE, tempProject } from '../helpers/seed.js';

const project = tempProject();
const cwd = project.dir;

// Most cases run the CLI in this process (govaiInProcess: runCli with captured streams); one summary, the unknown
// command (exit code 2) and the stdin batch case (exit code 1) go through the real launcher (bin/govai.js) in a new
// process, each about a second of CPU.
describe('govai CLI', () => {
  it('summary prints the seed briefing as text and as documented JSON', async () => {
    const text = await govai(['summary'], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`# ${SEED_TITLE}`);
    expect(text.stdout).toContain('TL;DR:');
    const json = await cli(['summary', 'anthropic-intelligence-agencies', '--format', 'json'], { cwd });
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({
      version: 1,
      kind: 'briefing',
      briefing: { id: 'anthropic-intelligence-agencies', title: SEED_TITLE },
    });
    expect(parsed.briefing.keyPoints.length).toBeGreaterThanOrEqual(3);
  });

  it('summary of an unknown id fails kindly', async () => {
    const r = await cli(['summary', 'nope'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/No briefing has the id "nope"/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('ask quotes the answering sentence with its citation', async () => {
    const r = await cli(['ask', 'What is Constitutional AI?'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^> .*builds specific behavioral rules into Claude/m);
    expect(r.stdout).toContain(`— ${SEED_TITLE} (govai seed), paragraph 5`);
  });

  it('ask says it does not know when the briefings do not answer', async () => {
    const r = await cli(['ask', 'What was the contract worth?'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/I don't know/);
    const json = JSON.parse((await cli(['ask', 'What was the contract worth?', '--format', 'json'], { cwd })).stdout);
    expect(json).toMatchObject({ kind: 'unknown' });
  });

  it('ask rejects an empty question and an unknown flag with a short message', async () => {
    const empty = await cli(['ask'], { cwd });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/give a question/);
    const flag = await cli(['ask', 'x', '--frobnicate'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^govai ask: there is no --frobnicate option.\nUsage: govai ask /);
  });

  it('ask handles a 10,000-character question', async () => {
    const r = await cli(['ask', 'why '.repeat(2_500)], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/too long/);
  });

  it('digest and list', async () => {
    const digest = await cli(['digest', '--since', '2026-11-01'], { cwd });
    expect(digest.stdout).toContain(SEED_TITLE);
    const none = await cli(['digest', '--since', '2030-01-01'], { cwd });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain(
      `No briefings published since 2030-01-01. Latest: ${SEED_TITLE}, 2026-11-20. \`/govai digest ` +
        `2026-11-01\` shows older ones.`,
    );
    const found = await cli(['search', 'classified', 'cloud'], { cwd });
    expect(found.stdout).toContain(`anthropic-intelligence-agencies  2026-11-20  ${SEED_TITLE}`);
    expect((await cli(['search', 'zeppelin'], { cwd })).stdout).toContain('No briefing mentions "zeppelin"');
    const list = await cli(['list', '--format', 'json'], { cwd });
    expect(JSON.parse(list.stdout)).toMatchObject({ kind: 'list', items: [{ id: 'anthropic-intelligence-agencies' }] });
  });

  it('rejects an unknown --format and an unknown command', async () => {
    const fmt = await cli(['list', '--format', 'xml'], { cwd });
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toMatch(/--format must be one of text, json, slack, discord/);
    const cmd = await govai(['frobnicate'], { cwd });
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('help lists every command', async () => {
    const r = await cli(['help'], { cwd });
    for (const c of ['summary', 'ask', 'digest', 'list', 'check', 'batch', 'doctor']) expect(r.stdout).toContain(c);
  });

  it('runs the command it is asked for: the lazily loaded table maps each name to that command', async () => {
    const commands = await cliCommands();
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
    for (const c of commands) {
      const r = await cli([c.name, '--help'], { cwd });
      expect(r, c.name).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout.startsWith(`Usage: govai ${c.usage}\n`), `${c.name}: ${r.stdout}`).toBe(true);
    }
  });
});

describe('govai check', () => {
  it('passes on good briefings and lists every problem otherwise, exiting non-zero', async () => {
    const good = await cli(['check'], { cwd });
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/1 briefing OK, 0 problems/);
    const bad = tempProject();
    writeFileSync(path.join(bad.briefingsDir, 'broken.md'), '---\nid: broken\ntitle: ""\n---\n\n');
    writeFileSync(path.join(bad.briefingsDir, 'bad-yaml.md'), '---\n: : :\n  - [\n---\ntext\n');
    const r = await cli(['check'], { cwd: bad.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/broken\.md: title: must not be empty/);
    expect(r.stdout).toMatch(/broken\.md: body: is empty/);
    expect(r.stdout).toMatch(/bad-yaml\.md: front matter: is not valid YAML/);
    expect(r.stdout).toMatch(/1 briefing OK, \d+ problems?\b/);
    const json = await cli(['check', '--format', 'json'], { cwd: bad.dir });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: false, briefings: ['anthropic-intelligence-agencies'], config: [] });
    expect(report.files).toContainEqual({
      file: path.join(bad.briefingsDir, 'broken.md'),
      field: 'title',
      message: 'must not be empty',
    });
  });
});

describe('govai batch', () => {
  it('summarize: JSON Lines in, {id, summary} out, bad lines reported with their number', async () => {
    const input = [
      JSON.stringify({
        id: 'a',
        text:
          'First sentence about IL6 clouds. Second sentence about procurement rules. Third sentence on AWS. ' +
          'Fourth sentence.',
      }),
      '{not json',
      JSON.stringify({ id: 'b', text: 'Only one sentence here.' }),
      JSON.stringify({ id: 'c' }),
      '',
    ].join('\n');
    const r = await govai(['batch', 'summarize', '--sentences', '2'], { cwd, input });
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 'b']);
    expect(out[0].summary.split('\n')).toHaveLength(2);
    expect(out[1].summary).toBe('Only one sentence here.');
    expect(r.stderr).toMatch(/line 2: invalid JSON/);
    expect(r.stderr).toMatch(/line 4: field "text" must be a string/);
    expect(r.code).toBe(1);
  });

  it('answer: {id, context, question} in, {id, answer_text, sentence, score, abstained} out', async () => {
    const context = 'The treaty was signed in Paris. In 1998 the agency moved to Denver. Its budget grew quickly.';
    const input = `${JSON.stringify({ id: 'q1', context, question: 'Where was the treaty signed?' })}\n${JSON.stringify({ id: 'q2', context, question: 'What colour is the sky on Mars?' })}\n`;
    const r = await cli(['batch', 'answer'], { cwd, input });
    expect(r.code).toBe(0);
    const [a, b] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(a).toMatchObject({ id: 'q1', sentence: 'The treaty was signed in Paris.', abstained: false });
    expect(typeof a.score).toBe('number');
    expect(a.answer_text.length).toBeGreaterThan(0);
    expect(b).toMatchObject({ id: 'q2', abstained: true, answer_text: '' });
  });

  it('explains a missing mode', async () => {
    const r = await cli(['batch'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/govai batch summarize.*govai batch answer/);
  });
});
