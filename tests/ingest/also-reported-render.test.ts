import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/adapters/console/render-text.js';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import type { DigestItem } from '../../src/core/model.js';
import type { Reply } from '../../src/core/reply.js';

// Ingest groups near-duplicate stories; every renderer names the other outlets ("also reported by") on the
// grouped item only, without pinging (Slack text escaped) and with links where the outlet has one.

const grouped: DigestItem = {
  briefingId: 'state-ai-translation',
  title: 'State Department pilots AI translation',
  tldr: 'A pilot in six embassies.',
  source: 'Capitol Wire',
  published: '2026-11-25T09:00:00Z',
  url: 'https://capitol.example/state-ai',
  alsoReportedBy: [
    { source: 'Gov Ledger', url: 'https://ledger.example/state?a=1&b=2', briefingId: 'ledger-state' },
    { source: 'Fed <!channel> Daily', briefingId: 'fed-daily-state' },
  ],
};
const single: DigestItem = {
  briefingId: 'other',
  title: 'Unrelated story',
  tldr: 'Nothing shared.',
  source: 'Other',
  published: '2026-11-24T08:00:00Z',
};
const reply: Reply = {
  kind: 'digest',
  title: 'Weekly',
  emptyMessage: 'none',
  digest: { items: [grouped, single], overflow: [] },
};

describe('"also reported by" in every renderer', () => {
  it('console text: a line under the grouped item only', () => {
    const lines = renderText(reply).split('\n');
    const at = lines.findIndex((l) => l.startsWith('* State Department pilots AI translation'));
    const next = lines.findIndex((l, i) => i > at && l.startsWith('* '));
    expect(lines.slice(at, next)).toContain('  also reported by Gov Ledger, Fed <!channel> Daily');
    expect(lines.slice(next).join('\n')).not.toMatch(/also reported by/i);
  });

  it('Discord: in the grouped item field, with allowed_mentions parse []', () => {
    const [payload, ...rest] = renderDiscord(reply);
    expect(rest).toEqual([]);
    expect(payload!.allowed_mentions).toMatchObject({ parse: [] });
    const fields = payload!.embeds![0]!.fields!;
    expect(fields.find((f) => f.name === grouped.title)!.value).toMatch(
      // Escaped for Discord markdown: what a reader sees is `Fed <!channel> Daily`, and allowed_mentions pings no one.
      /\nalso reported by Gov Ledger, Fed \\<!channel\\> Daily$/,
    );
    expect(fields.find((f) => f.name === single.title)!.value).not.toMatch(/also reported by/i);
  });

  it('Slack: an italic line with links, escaped so a source name cannot ping', () => {
    const text = renderSlack(reply)
      .flatMap((m) => m.blocks)
      .map((b) => (b as { text?: { text?: string } }).text?.text ?? '')
      .join('\n');
    expect(text).toContain(
      '_Also reported by <https://ledger.example/state?a=1&amp;b=2|Gov Ledger>, Fed &lt;!channel&gt; Daily_',
    );
    expect(text).not.toContain('<!channel>');
    expect(text.match(/Also reported by/g)).toHaveLength(1);
  });
});
