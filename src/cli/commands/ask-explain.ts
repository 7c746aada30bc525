import type { AskExplanation } from '../../core/library.js';
import { ANSWER_MODEL, TUNING_SOURCES } from '../../core/nlp/answer-model.js';

// `govai ask --explain`: the answer model at work, in plain text. Pure formatting of the core's trace.

/** The trace as text: question words with their match and weight, the gate, the candidates, the decision. */
export function formatExplanation(question: string, e: AskExplanation): string {
  const lines: string[] = [`Question: ${question}`, `Searched for: ${e.searchQuery || '(nothing)'}`];
  if (e.winner) {
    lines.push('', `Best sentence (${e.winner.briefingId}): ${e.winner.sentence}`, 'Question words:');
    // Filler words ("named") only add to the score: their weight is not in the total.
    const total = e.winner.terms.reduce((s, t) => s + (t.filler ? 0 : t.weight), 0);
    for (const t of e.winner.terms) {
      const share = total > 0 ? (t.weight * t.credit) / total : 0;
      lines.push(
        `  ${t.term.padEnd(18)} ${t.match.padEnd(9)} weight ${t.weight.toFixed(2)} x ` +
          `${t.credit.toFixed(2)} = ${share.toFixed(3)} of the score${t.filler ? ' (filler word: a bonus)' : ''}`,
      );
    }
    lines.push(`Answer type asked: ${e.winner.answerType}; gate x${e.winner.gate.factor}: ${e.winner.gate.why}`);
  }
  lines.push(
    '',
    `Ranked by library-rank.ts (sentence x${ANSWER_MODEL.rankSentence.value}, library-weighted ` +
      `x${ANSWER_MODEL.rankLibrarySentence.value}, coverage x${ANSWER_MODEL.rankCoverage.value}, search ` +
      `x${ANSWER_MODEL.rankSearch.value}, log place x${ANSWER_MODEL.rankPlace.value}, log length ` +
      `x${ANSWER_MODEL.rankLength.value}); threshold ${e.threshold}`,
    `Gate (library-rank.ts, fitted on train/): sentence x1, library-weighted x${ANSWER_MODEL.gateLibrarySentence.value}, ` +
      `coverage x${ANSWER_MODEL.gateCoverage.value}, search x${ANSWER_MODEL.gateSearch.value}, lead ` +
      `x${ANSWER_MODEL.gateLead.value} (at most ${ANSWER_MODEL.gateLeadCap.value}), beyond the title ` +
      `x${ANSWER_MODEL.gateBeyondTitle.value}, at most one question word as written x${ANSWER_MODEL.gateOneExact.value}; ` +
      `bar ${ANSWER_MODEL.gateBar.value}`,
    'Candidates (briefing search order; the highest rank score wins):',
  );
  if (e.candidates.length === 0) lines.push('  (none)');
  for (const c of e.candidates.slice(0, 5))
    lines.push(
      `  ${String(c.rank).padStart(2)}. ${c.briefingId} sentence ${c.sentenceScore.toFixed(3)}, rank score ` +
        `${c.score.toFixed(3)} (search ${c.rel.toFixed(2)}): ${clip(c.sentence)}`,
    );
  lines.push('', `Decision: ${e.decision}`);
  if (e.span)
    lines.push(
      `Span: "${clip(e.span.text)}" (${e.span.kind}, confidence ` +
        `${e.span.confidence.toFixed(2)} ${e.span.shown ? '>=' : '<'} bar ` +
        `${e.span.bar}${e.span.kind === 'guess' ? ', a guess is never shown' : ''}): ` +
        `${e.span.shown ? 'shown as the answer' : 'not shown, the quote stands alone'}`,
    );
  if (e.result.kind === 'answer') lines.push(`Quote: ${e.result.answer.quote}`);
  return lines.join('\n');
}

function clip(s: string): string {
  return s.length > 90 ? `${s.slice(0, 87)}...` : s;
}

/** Where the weights came from, for `--explain --format json` readers. */
export const MODEL_SOURCES = { model: ANSWER_MODEL, tuning: TUNING_SOURCES };
