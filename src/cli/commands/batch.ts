import { summarize } from '../../core/nlp/summarize.js';
import { CliError, type CliCommand } from '../io.js';
import { loadCliContext, parseCliArgs } from '../shared.js';
import { askLine, field, id, offlineAnswerLine, processLines } from './batch-lines.js';

// JSON Lines in, JSON Lines out: for evaluation and bulk use (the JSON Lines loop is in batch-lines.ts, the model
// runs of `--llm` in batch-llm.ts).

export const batchCommand: CliCommand = {
  name: 'batch',
  usage:
    'batch summarize [--sentences N] | batch answer [--threshold X] [--llm] | batch ask [--llm]   (JSON ' +
    'Lines on stdin)',
  summary:
    'Summarize articles, answer questions from a given passage, or ask the whole library (as `ask` does), ' +
    'JSON Lines to JSON Lines.',
  async run(args, io) {
    const { values, positionals } = parseCliArgs('batch', args, {
      sentences: { type: 'string' },
      threshold: { type: 'string' },
      llm: { type: 'boolean' },
    });
    const mode = positionals[0];
    if (mode === 'summarize') {
      const n = values.sentences === undefined ? undefined : Number(values.sentences);
      if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 50))
        throw new CliError('govai batch summarize: --sentences must be a whole number from 1 to 50');
      return processLines(io, (r) => {
        const text = field(r, 'text');
        const title = typeof r.title === 'string' ? r.title : undefined;
        const picked = summarize(text, { ...(n ? { sentences: n } : {}), ...(title ? { title } : {}) });
        return { id: id(r), summary: picked.map((s) => s.text).join('\n') };
      });
    }
    if (mode === 'answer') {
      const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
      if (threshold !== undefined && !(threshold >= 0 && threshold <= 1))
        throw new CliError('govai batch answer: --threshold must be a number from 0 to 1');
      // `--llm`: the model answers from the passage's sentences; the offline answer when its answer fails the checks.
      if (values.llm) return (await import('./batch-llm.js')).answerWithModel(io, await loadCliContext(io), threshold);
      return processLines(io, (r) => offlineAnswerLine(r, threshold));
    }
    if (mode === 'ask') {
      // The library is built once (GOVAI_BRIEFINGS_DIR), then every line goes through the same `ask` command
      // the chat and `govai ask` use: same retrieval, same threshold, same reply.
      const ctx = await loadCliContext(io);
      // `--llm` (npm run eval -- --llm): every line through the configured model, with its verdict and tokens.
      if (values.llm) return (await import('./batch-llm.js')).askWithModel(io, ctx);
      return processLines(io, async (r) => {
        const question = field(r, 'question');
        const reply = await ctx.bot.handleCommand(
          { name: 'ask', question },
          { user: 'cli', channel: 'cli', isAdmin: true },
        );
        const a = reply.kind === 'answer' ? reply.answer : undefined;
        // What the reader is shown as the answer: the highlighted span when the core shows one, else the quote itself.
        return askLine(id(r), a, a ? (a.answerText ?? a.quote) : '');
      });
    }
    throw new CliError(
      'govai batch: say what to do: `govai batch summarize`, `govai batch answer` or `govai batch ask` ' +
        '(JSON Lines on stdin)',
    );
  },
};
