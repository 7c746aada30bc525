import { describe, expect, it } from 'vitest';
import { highlight, present } from '../../../src/core/presentation/present.js';
import type { PresentedBlock } from '../../../src/core/presentation/model.js';
import { QA_CAP } from '../../../src/core/presentation/wording.js';
import type { Reply } from '../../../src/core/reply.js';
import { FIXTURES } from '../../parity/fixtures.js';

const reply = (name: string): Reply => FIXTURES.find((f) => f.name === name)!.reply;
const blocks = (r: Reply, continuation?: 'thread' | 'follow-up' | 'inline') =>
  present(r, continuation ? { continuation } : {}).parts;
const find = <K extends PresentedBlock['kind']>(bs: PresentedBlock[], kind: K) =>
  bs.filter((b): b is Extract<PresentedBlock, { kind: K }> => b.kind === kind);

describe('present: every shared decision made once', () => {
  it('caps Q&A, links citations and offers "Open article" only with a plain http(s) URL', () => {
    const [part] = blocks(reply('briefing'));
    expect(find(part!, 'qa')[0]!.items).toHaveLength(QA_CAP);
    expect(find(part!, 'bullets')[0]!.items[0]!.ref).toEqual({
      paragraph: 2,
      url: 'https://news.example/dod-ai?a=1&b=2',
    });
    expect(find(part!, 'actions')[0]!.actions).toEqual([
      { label: 'Open article', url: 'https://news.example/dod-ai?a=1&b=2' },
    ]);
    const b = (reply('briefing') as Extract<Reply, { kind: 'briefing' }>).briefing;
    const [js] = blocks({ kind: 'briefing', briefing: { ...b, url: 'javascript:alert(1)' } });
    expect(find(js!, 'actions')).toEqual([]);
  });

  it('highlights the answer span as a strong segment, or says it in words when it is not in the quote', () => {
    expect(highlight('Signed in January 2023 by all.', 'January 2023')).toEqual({
      segments: [{ text: 'Signed in ' }, { text: 'January 2023', strong: true }, { text: ' by all.' }],
      inQuote: true,
    });
    expect(highlight('Signed last year.', 'January 2023').inQuote).toBe(false);
    const a = reply('answer with highlighted span') as Extract<Reply, { kind: 'answer' }>;
    const [outside] = blocks({ ...a, answer: { ...a.answer, answerText: 'March 2024' } });
    expect(find(outside!, 'answer-line')).toEqual([{ kind: 'answer-line', text: 'March 2024' }]);
  });

  it('a continued digest says once what continues and where; the console shows everything at once', () => {
    const thread = blocks(reply('digest with overflow'), 'thread');
    expect(thread).toHaveLength(2);
    expect(find(thread[0]!, 'note').map((n) => n.text)).toContain('2 more stories in the thread.');
    expect(find(blocks(reply('digest with overflow'), 'follow-up')[0]!, 'note').at(-1)!.text).toBe(
      '2 more stories in the next message.',
    );
    const inline = blocks(reply('digest with overflow'), 'inline');
    expect(inline).toHaveLength(1);
    expect(find(inline[0]!, 'note').some((n) => n.text.includes('more stories'))).toBe(false);
  });

  it('help is not shareable, content is', () => {
    expect(present(reply('help')).shareable).toBe(false);
    expect(present(reply('briefing')).shareable).toBe(true);
    expect(present(reply('error notice')).tone).toBe('error');
  });
});
