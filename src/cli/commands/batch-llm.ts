import { CliError, type CliIO } from '../io.js';
import type { loadCliContext } from '../shared.js';
import { askLine, field, id, offlineAnswerLine, processLines } from './batch-lines.js';

// `govai batch ask --llm` and `govai batch answer --llm` (npm run eval -- --llm): every line through the configured
// model, with its verdict and the tokens it used, beside what the offline answerer would have said.

type Ctx = Awaited<ReturnType<typeof loadCliContext>>;

async function modelOf(ctx: Ctx, command: string) {
  const llm = ctx.config.env.llm;
  if (!llm)
    throw new CliError(
      `govai batch ${command} --llm: no model is configured (set GOVAI_LLM_PROVIDER and its settings)`,
    );
  const { createModel } = await import('../../llm/create.js');
  return createModel(llm, ctx.config.file.llm);
}

const modelField = (use: {
  model: string;
  used: boolean;
  reason?: string;
  usage?: { inputTokens: number; outputTokens: number };
}) => ({
  id: use.model,
  used: use.used,
  ...(use.reason ? { reason: use.reason } : {}),
  input_tokens: use.usage?.inputTokens ?? 0,
  output_tokens: use.usage?.outputTokens ?? 0,
});

export async function askWithModel(io: CliIO, ctx: Ctx): Promise<number> {
  const model = await modelOf(ctx, 'ask');
  const { groundedAsk } = await import('../../core/grounded/answerer.js');
  const library = ctx.repository.library();
  return processLines(io, async (r) => {
    const question = field(r, 'question');
    const { result, use } = await groundedAsk(model, library, question, {}, library.ask(question));
    const modelOut = modelField(use);
    const a = result.kind === 'answer' ? result.answer : undefined;
    return { ...askLine(id(r), a, a ? (a.grounded?.text ?? a.answerText ?? a.quote) : ''), model: modelOut };
  });
}

/**
 * The paragraph task: the model answers from the given passage; a draft that fails the checks keeps the offline answer.
 */
export async function answerWithModel(io: CliIO, ctx: Ctx, threshold: number | undefined): Promise<number> {
  const model = await modelOf(ctx, 'answer');
  const { groundedPassage } = await import('../../core/grounded/answerer.js');
  return processLines(io, async (r) => {
    const question = field(r, 'question');
    const context = field(r, 'context');
    const { verified, use } = await groundedPassage(model, question, context);
    if (verified)
      return {
        id: id(r),
        answer_text: verified.text,
        sentence: verified.sentences[0]!.text,
        cited: verified.sentences.map((s) => s.text),
        score: Math.round(verified.support * 1000) / 1000,
        abstained: false,
        model: modelField(use),
      };
    return { ...offlineAnswerLine(r, threshold), model: modelField(use) };
  });
}
