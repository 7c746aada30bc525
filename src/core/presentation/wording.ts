// The presentation decisions every adapter shares, made once: how many Q&A snippets a briefing shows, what help
// says around the command list, and how a digest that continues elsewhere says so. Renderers escape these for
// their platform; they never write their own variant (the parity test compares them across adapters).

/** Q&A snippets shown under a briefing (the rest stay in `--format json`). */
export const QA_CAP = 6;

/** The line under the command list in help. */
export const HELP_FOOTER = 'Or just ask: a question that mentions a watched term gets a cited answer.';

/** The line above the command list when the command was not recognised. */
export function unknownCommandText(name: string): string {
  return `Unknown command "${name}". Here is what I can do:`;
}

/**
 * Where a reply's continuation goes: replies in the thread (channel posts), the next message (a command), or
 * nowhere because everything is shown at once (the console).
 */
export type Continuation = 'thread' | 'follow-up' | 'inline';

export function continuedWhere(continuation: Continuation): string {
  return continuation === 'thread' ? 'in the thread' : 'in the next message';
}

/** The one footer of a digest whose overflow continues elsewhere. */
export function moreStoriesText(count: number, continuation: Continuation): string {
  return `${count} more ${count === 1 ? 'story' : 'stories'} ${continuedWhere(continuation)}.`;
}

/**
 * Whether a reply is worth offering to the channel ("Share in channel" on an ephemeral Slack reply): content is
 * (a briefing, an answer, a digest, a list); help, notices and "I don't know" are only for the one who asked.
 */
export function isShareable(reply: { kind: string }): boolean {
  return reply.kind === 'briefing' || reply.kind === 'answer' || reply.kind === 'digest' || reply.kind === 'list';
}

/** The small print under a model's grounded answer (the house wording for model-written text). */
export function modelAnswerNote(model: string): string {
  return `Written by ${model}; every quote above is verbatim from the briefing.`;
}

/** The small print under a briefing whose TL;DR (and key points) a model wrote from the cache. */
export function modelSummaryNote(model: string, keyPoints: boolean): string {
  return keyPoints
    ? `Written by ${model}: the TL;DR and key points, each checked against the sentences it cites.`
    : `Written by ${model}: the TL;DR, checked against the sentences it cites.`;
}

/** The line under a digest item's TL;DR when a model wrote it. */
export function modelItemNote(model: string): string {
  return `Written by ${model}`;
}
