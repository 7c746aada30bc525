import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PROMPT, runConsole } from '../../src/adapters/console/console-adapter.js';
import { QUOTE_PREFIX, renderText } from '../../src/adapters/console/render-text.js';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/load.js';
import type { Reply } from '../../src/core/reply.js';
import { silentLogger } from '../../src/log/logger.js';
import { tempProject } from '../helpers/seed.js';

// Issue 13 item 6, the console half: real bold on a terminal (ANSI), plain text elsewhere, never `**asterisks**`;
// the input prompt is not the quote prefix.

const answer: Reply = {
  kind: 'answer',
  answer: {
    question: 'When?',
    quote: 'The rule took effect in January 2023 for every agency.',
    answerText: 'January 2023',
    citation: { briefingId: 'b', title: 'T', paragraph: 2 },
    score: 0.8,
  },
};

describe('console text', () => {
  it('bolds with ANSI when asked, and prints plain text otherwise', () => {
    const tty = renderText(answer, { bold: true });
    expect(tty).toContain('\x1b[1mJanuary 2023\x1b[22m');
    const plain = renderText(answer);
    expect(plain).toContain('> The rule took effect in January 2023 for every agency.');
    expect(plain).not.toContain('**');
    expect(plain).not.toContain('\x1b');
  });

  it('removes control characters an article carries (no terminal escape sequences from article text)', () => {
    const hostile: Reply = { kind: 'notice', level: 'info', message: 'Title \x1b[2J\x1b]0;pwned\x07 end' };
    expect(renderText(hostile, { bold: true })).toBe('Title [2J]0;pwned end');
  });

  it('prompts with something other than the quote prefix, and bolds only on a TTY', async () => {
    expect(PROMPT.trim()).not.toBe(QUOTE_PREFIX.trim());
    const { dir } = tempProject({});
    const loaded = loadConfig({}, dir);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const ctx = await createAppContext({ config: loaded.config, logger: silentLogger() });
    for (const isTTY of [true, false]) {
      const input = new PassThrough();
      let printed = '';
      const running = runConsole(ctx, {
        input,
        output: {
          isTTY,
          write(s: string) {
            printed += s;
          },
        } as { write(s: string): unknown },
        interactive: true,
      });
      input.end('/govai help\n');
      await running;
      expect(printed).toContain(PROMPT);
      expect(printed).not.toContain('**');
      if (isTTY) expect(printed).toContain('\x1b[1mgovai commands:\x1b[22m');
      else expect(printed).not.toContain('\x1b');
    }
  });
});
