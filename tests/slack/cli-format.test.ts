import { describe, expect, it } from 'vitest';
import { render } from '../../src/cli/format.js';
import { govaiInProcess } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/seed.js';

const cli = (args: string[]) => govaiInProcess(args, { cwd: tempProject().dir, env: { GOVAI_DB: ':memory:' } });

const ARRAY_NOTE =
  'slack (a JSON array of Slack messages: paste [0] into\nBlock Kit Builder; the rest continue in the thread)';

describe('--format slack', () => {
  it('prints the Block Kit messages the adapter would send', () => {
    const out = JSON.parse(
      render({ kind: 'notice', level: 'error', message: 'No <!here> & no pings' }, 'slack'),
    ) as Array<{ text: string; blocks: unknown[] }>;
    expect(out).toEqual([
      {
        text: 'No &lt;!here&gt; &amp; no pings',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':warning: No &lt;!here&gt; &amp; no pings' } }],
      },
    ]);
  });

  it('is an array of messages, and --help says so: paste [0] into Block Kit Builder (issue 13 item 7)', async () => {
    const printed = await cli(['summary', '--format', 'slack']);
    expect(printed.code).toBe(0);
    const messages = JSON.parse(printed.stdout) as unknown[];
    expect(Array.isArray(messages)).toBe(true);
    expect(messages[0]).toMatchObject({ blocks: expect.any(Array) });

    const help = await cli(['--help']);
    expect(help.stdout).toContain(ARRAY_NOTE);
    // A command's own --help: its usage and the same note, exit 0, not "there is no --help option".
    const summary = await cli(['summary', '--help']);
    expect(summary).toMatchObject({ code: 0, stderr: '' });
    expect(summary.stdout.startsWith('Usage: govai summary [id|latest] [--format text|json|slack|discord]\n')).toBe(
      true,
    );
    expect(summary.stdout).toContain(ARRAY_NOTE);
    const ask = await cli(['ask', '-h']);
    expect(ask.code).toBe(0);
    expect(ask.stdout).toContain(ARRAY_NOTE);
    // Commands without the chat formats do not mention them.
    const doctor = await cli(['doctor', '--help']);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/^Usage: govai doctor \[--format text\|json\]\n\n {2}Check tokens/);
    expect(doctor.stdout).not.toContain('Block Kit');
  });
});
