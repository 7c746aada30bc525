import { createInterface } from 'node:readline';
import { answerFromContext } from '../../core/nlp/answer.js';
import { summarize } from '../../core/nlp/summarize.js';
import { CliError, type CliCommand, type CliIO } from '../io.js';
import { loadCliContext, parseCliArgs } from '../shared.js';

// JSON Lines in, JSON Lines out: for evaluation and bulk use. A bad line is reported on stderr with its
// line number and skipped; the rest is processed and the exit code says whether any line failed.

type Handler = (
  record: Record<string, unknown>,
  line: number,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

async function processLines(io: CliIO, handler: Handler): Promise<number> {
  const rl = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let failed = 0;
  for await (const raw of rl) {
    line++;
    if (raw.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      failed++;
      io.stderr.write(`line ${line}: invalid JSON (${(error as Error).message}); skipped\n`);
      continue;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      failed++;
      io.stderr.write(`line ${line}: expected a JSON object; skipped\n`);
      continue;
    }
    try {
      io.stdout.write(`${JSON.stringify(await handler(record as Record<string, unknown>, line))}\n`);
    } catch (error) {
      failed++;
      io.stderr.write(`line ${line}: ${(error as Error).message}; skipped\n`);
    }
  }
  if (failed > 0) io.stderr.write(`${failed} line(s) skipped\n`);
  return failed > 0 ? 1 : 0;
}

function field(record: Record<string, unknown>, name: string): string {
  const v = record[name];
  if (typeof v !== 'string') throw new Error(`field "${name}" must be a string`);
  return v;
}

function id(record: Record<string, unknown>): unknown {
  if (!('id' in record)) throw new Error('field "id" is missing');
  return record.id;
}

async function askWithModel(io: CliIO, ctx: Awaited<ReturnType<typeof loadCliContext>>): Promise<number> {
  const llm = ctx.config.env.llm;
  if (!llm)
    throw new CliError('govai batch ask --llm: no model is configured (set GOVAI_LLM_PROVIDER and its settings)');
  const [{ createModel }, { groundedAsk }] = await Promise.all([
    import('../../llm/create.js'),
    import('../../core/grounded/answerer.js'),
  ]);
  const model = createModel(llm, ctx.config.file.llm);
  const library = ctx.repository.library();
  return processLines(io, async (r) => {
    const question = field(r, 'question');
    const { result, use } = await groundedAsk(model, library, question, {}, library.ask(question));
    const usage = { input_tokens: use.usage?.inputTokens ?? 0, output_tokens: use.usage?.outputTokens ?? 0 };
    const modelOut = { id: use.model, used: use.used, ...(use.reason ? { reason: use.reason } : {}), ...usage };
    if (result.kind !== 'answer')
      return {
        id: id(r),
        quote: '',
        answer_text: '',
        briefing_id: null,
        paragraph: null,
        score: 0,
        abstained: true,
        model: modelOut,
      };
    const a = result.answer;
    return {
      id: id(r),
      quote: a.quote,
      answer_text: a.grounded?.text ?? a.answerText ?? a.quote,
      briefing_id: a.citation.briefingId,
      paragraph: a.citation.paragraph,
      score: a.score,
      abstained: false,
      model: modelOut,
    };
  });
}

export const batchCommand: CliCommand = {
  name: 'batch',
  usage: 'batch summarize [--sentences N] | batch answer [--threshold X] | batch ask   (JSON Lines on stdin)',
  summary:
    'Summarize articles, answer questions from a given passage, or ask the whole library (as `ask` does), JSON Lines to JSON Lines.',
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
      return processLines(io, (r) => {
        const a = answerFromContext(field(r, 'question'), field(r, 'context'), threshold);
        return {
          id: id(r),
          answer_text: a.abstained ? '' : a.answerText,
          sentence: a.sentence,
          score: Math.round(a.score * 1000) / 1000,
          abstained: a.abstained,
        };
      });
    }
    if (mode === 'ask') {
      // The library is built once (GOVAI_BRIEFINGS_DIR), then every line goes through the same `ask` command
      // the chat and `govai ask` use: same retrieval, same threshold, same reply.
      const ctx = await loadCliContext(io);
      // `--llm` (npm run eval -- --llm): every line through the configured model, with its verdict and tokens.
      if (values.llm) return askWithModel(io, ctx);
      return processLines(io, async (r) => {
        const question = field(r, 'question');
        const reply = await ctx.bot.handleCommand(
          { name: 'ask', question },
          { user: 'cli', channel: 'cli', isAdmin: true },
        );
        if (reply.kind !== 'answer')
          return {
            id: id(r),
            quote: '',
            answer_text: '',
            briefing_id: null,
            paragraph: null,
            score: 0,
            abstained: true,
          };
        const a = reply.answer;
        return {
          id: id(r),
          quote: a.quote,
          // What the reader is shown as the answer: the highlighted span when the core shows one, else the quote itself.
          answer_text: a.answerText ?? a.quote,
          briefing_id: a.citation.briefingId,
          paragraph: a.citation.paragraph,
          score: a.score,
          abstained: false,
        };
      });
    }
    throw new CliError(
      'govai batch: say what to do: `govai batch summarize`, `govai batch answer` or `govai batch ask` (JSON Lines on stdin)',
    );
  },
};
