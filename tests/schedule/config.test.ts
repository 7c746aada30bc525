import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';

const problemsOf = (yaml: string) => {
  const r = parseConfigText(yaml, '/somewhere/govai.config.yaml');
  return r.ok ? [] : r.problems;
};

describe('digest settings in govai.config.yaml', () => {
  it('accepts the documented shape and fills the defaults', () => {
    const r = parseConfigText(
      `digests:\n  - id: morning\n    cron: "0 9 * * 1-5"\n    timezone: America/New_York\n    to: ` +
        `[slack:C0123456789, discord:112233445566778899, console]\n`,
    );
    expect(r.ok && r.value.digests[0]).toMatchObject({
      id: 'morning',
      maxItems: 5,
      whenEmpty: 'skip',
      catchUpMinutes: 60,
    });
  });

  it('names the field of an invalid cron expression', () => {
    expect(problemsOf(`digests:\n  - id: morning\n    cron: "0 25 * * *"\n    to: [console]\n`)).toEqual([
      'govai.config.yaml: digests.0.cron: "0 25 * * *" is not a valid cron expression (5 or 6 fields, ' +
        'node-cron syntax)',
    ]);
  });

  it('names the field of an unknown time zone', () => {
    expect(
      problemsOf(
        `digests:\n  - id: morning\n    cron: "0 9 * * *"\n    timezone: Mars/Olympus_Mons\n    to: [console]\n`,
      ),
    ).toEqual([
      'govai.config.yaml: digests.0.timezone: "Mars/Olympus_Mons" is not an IANA time zone (e.g. ' +
        'America/New_York, Europe/Paris, UTC)',
    ]);
  });

  it('lists every problem at once, each with its path', () => {
    const problems = problemsOf(
      [
        'digests:',
        '  - id: a',
        '    cron: "every morning"',
        '    timezone: Nowhere/City',
        '    to: [console, "slack:not a channel"]',
        '    whenEmpty: maybe',
        '  - id: a',
        '    cron: "0 9 * * *"',
        '    to: [console, console]',
      ].join('\n'),
    );
    const paths = problems.map((p) => p.split(': ')[1]);
    expect(paths).toEqual(
      expect.arrayContaining(['digests.0.cron', 'digests.0.timezone', 'digests.0.to.1', 'digests.0.whenEmpty']),
    );
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('rejects a repeated digest id and a destination listed twice', () => {
    const problems = problemsOf(
      'digests:\n  - { id: a, cron: "0 9 * * *", to: [console] }\n  - { id: a, cron: "0 10 * * *", to: ' +
        '[console, console] }\n',
    );
    expect(problems).toEqual([
      'govai.config.yaml: digests.1.id: "a" is used by another digest; ids must be unique',
      'govai.config.yaml: digests.1.to.1: "console" is listed twice',
    ]);
  });
});

describe('govai.config.example.yaml', () => {
  it('is a valid config with the documented digest', async () => {
    const { readFileSync } = await import('node:fs');
    const { REPO_ROOT } = await import('../helpers/seed.js');
    const path = await import('node:path');
    const r = parseConfigText(
      readFileSync(path.join(REPO_ROOT, 'govai.config.example.yaml'), 'utf8'),
      'govai.config.example.yaml',
    );
    expect(r.ok ? [] : r.problems).toEqual([]);
    expect(r.ok && r.value.digests[0]).toMatchObject({
      id: 'morning',
      cron: '0 9 * * 1-5',
      timezone: 'America/New_York',
      maxItems: 5,
      whenEmpty: 'skip',
      catchUpMinutes: 60,
    });
  });
});
