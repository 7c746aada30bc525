import { describe, expect, it } from 'vitest';
import { render } from '../../src/cli/format.js';

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
});
