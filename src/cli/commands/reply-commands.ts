import { parseCommand } from '../../core/commands.js';
import type { CliCommand } from '../io.js';
import { CliError } from '../io.js';
import { parseFormat, render } from '../format.js';
import { loadCliContext, parseCliArgs } from '../shared.js';
import { formatExplanation } from './ask-explain.js';

// summary / ask / digest / list: the same command grammar and bot as the chat adapters, printed to stdout.

const formatOption = { format: { type: 'string', short: 'f' } } as const;

function replyCommand(
  name: string,
  usage: string,
  summary: string,
  extra: Record<string, { type: 'string' | 'boolean' }>,
  toText: (positionals: string[], values: Record<string, unknown>) => string,
): CliCommand {
  return {
    name,
    usage,
    summary,
    async run(args, io) {
      const { values, positionals } = parseCliArgs(name, args, { ...formatOption, ...extra });
      const format = parseFormat(values.format as string | undefined);
      const ctx = await loadCliContext(io, { quiet: format !== 'text' });
      const command = parseCommand(toText(positionals, values));
      const reply = await ctx.bot.handleCommand(command, { user: 'cli', channel: 'cli', isAdmin: true });
      io.stdout.write(`${render(reply, format)}\n`);
      if (reply.kind === 'notice' && reply.level === 'error') return 1;
      return 0;
    },
  };
}

export const summaryCommand = replyCommand(
  'summary',
  'summary [id|latest] [--format text|json|slack|discord]',
  'Print a briefing (the latest by default).',
  {},
  (p) => `summary ${p[0] ?? ''}`,
);

const plainAsk = replyCommand(
  'ask',
  'ask "<question>" [--briefing id] [--explain] [--format ...]',
  'Answer a question with a quoted, cited sentence, or say it does not know.',
  { briefing: { type: 'string' }, explain: { type: 'boolean' } },
  (p, v) => {
    const question = p.join(' ').trim();
    if (question === '') throw new CliError('govai ask: give a question, e.g. govai ask "What is IL6?"');
    return `ask ${question}${v.briefing ? ` --briefing ${String(v.briefing)}` : ''}`;
  },
);

/** `ask`, and with `--explain` the answer model's reasons (question words, gates, candidates, decision). */
export const askCommand: CliCommand = {
  ...plainAsk,
  async run(args, io) {
    if (!args.includes('--explain')) return plainAsk.run(args, io);
    const { values, positionals } = parseCliArgs('ask', args, {
      ...formatOption,
      briefing: { type: 'string' },
      explain: { type: 'boolean' },
    });
    const question = positionals.join(' ').trim();
    if (question === '') throw new CliError('govai ask: give a question, e.g. govai ask --explain "What is IL6?"');
    const ctx = await loadCliContext(io, { quiet: true });
    const e = ctx.repository
      .library()
      .explain(question, values.briefing ? { briefingId: String(values.briefing) } : {});
    io.stdout.write(
      values.format === 'json' ? `${JSON.stringify(e, null, 2)}\n` : `${formatExplanation(question, e)}\n`,
    );
    return 0;
  },
};

// `digest` also sends configured digests (--to/--now/--dry-run), so it lives in its own file (./digest.ts).

export const listCommand = replyCommand(
  'list',
  'list [--format ...]',
  'List every briefing with its id.',
  {},
  () => 'list',
);

export const searchCommand = replyCommand(
  'search',
  'search <words> [--format ...]',
  'The briefings that mention every word, newest first, with their ids.',
  {},
  (p) => {
    const words = p.join(' ').trim();
    if (words === '') throw new CliError('govai search: give the words to look for, e.g. govai search IL6 procurement');
    return `search ${words}`;
  },
);
