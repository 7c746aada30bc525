import { createInterface } from 'node:readline';
import type { CliIO } from '../io.js';
import { answerFromContext } from '../../core/nlp/answer.js';
import { plural } from '../../core/plural.js';

// JSON Lines in, JSON Lines out: for evaluation and bulk use. A bad line is reported on stderr with its
// line number and skipped; the rest is processed and the exit code says whether any line failed.

type Handler = (
  record: Record<string, unknown>,
  line: number,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export async function processLines(io: CliIO, handler: Handler): Promise<number> {
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
  if (failed > 0) io.stderr.write(`${plural(failed, 'line')} skipped\n`);
  return failed > 0 ? 1 : 0;
}

export function field(record: Record<string, unknown>, name: string): string {
  const v = record[name];
  if (typeof v !== 'string') throw new Error(`field "${name}" must be a string`);
  return v;
}

export function id(record: Record<string, unknown>): unknown {
  if (!('id' in record)) throw new Error('field "id" is missing');
  return record.id;
}

/**
 * One offline `batch answer` output line: the sentence of the line's own passage that answers its question, or an
 * abstention; the `--llm` path prints it too when the model's answer fails the checks.
 */
export function offlineAnswerLine(record: Record<string, unknown>, threshold: number | undefined) {
  const a = answerFromContext(field(record, 'question'), field(record, 'context'), threshold);
  return {
    id: id(record),
    answer_text: a.abstained ? '' : a.answerText,
    sentence: a.sentence,
    score: Math.round(a.score * 1000) / 1000,
    abstained: a.abstained,
  };
}

/** The answer fields `govai batch ask` prints for a line, shared by the offline and the `--llm` path. */
export interface AskedAnswer {
  quote: string;
  citation: { briefingId: string; paragraph: number };
  score: number;
}

/** One `batch ask` output line: the answer's fields, or an abstention with empty ones. */
export function askLine(lineId: unknown, answer: AskedAnswer | undefined, answerText: string) {
  if (!answer)
    return { id: lineId, quote: '', answer_text: '', briefing_id: null, paragraph: null, score: 0, abstained: true };
  return {
    id: lineId,
    quote: answer.quote,
    answer_text: answerText,
    briefing_id: answer.citation.briefingId,
    paragraph: answer.citation.paragraph,
    score: answer.score,
    abstained: false,
  };
}
