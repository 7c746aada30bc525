// The one text splitter every adapter uses to keep a text within a platform limit (a Slack section, a Discord
// embed description or field, a Teams TextBlock, a console line budget). Nothing is lost: joining the pieces gives
// back the text, modulo the whitespace at each cut. It cuts at the last paragraph break, else line break, else
// sentence end in the second half of the window, else at the last space; a word is cut only when it alone is
// longer than the limit (and then never inside a surrogate pair or right after an escaping backslash).

const SENTENCE_END = /[.!?…]['"”’)\]]*(?=\s)/g;

export interface SplitOptions {
  /**
   * Spans never cut inside (a Slack `<url|label>`, a markdown `[label](url)`), unless one alone exceeds the limit.
   * Must be a global regex.
   */
  atomic?: RegExp;
}

/** Pieces of at most `max` characters (UTF-16 units, what the platforms count), in order. */
export function splitText(text: string, max: number, options: SplitOptions = {}): string[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`splitText: max must be a positive integer, got ${max}`);
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  // Leading whitespace of an oversized text is dropped like the whitespace at a cut (a piece never starts blank).
  let rest = text.trimStart();
  while (rest.length > max) {
    const cut = keepWhole(rest, cutPoint(rest, max), max, options.atomic);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece !== '') pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') pieces.push(rest);
  return pieces.length > 0 ? pieces : [''];
}

/** Where to cut `rest` (longer than `max`): the piece is `rest.slice(0, cut)`, so `cut <= max`, and `cut >= 1`. */
function cutPoint(rest: string, max: number): number {
  // A whitespace at index `max` still leaves a piece of `max` characters before it.
  const window = rest.slice(0, max + 1);
  const half = Math.ceil(max / 2);
  const paragraph = window.lastIndexOf('\n\n');
  if (paragraph >= half) return paragraph;
  const line = window.lastIndexOf('\n');
  if (line >= half) return line;
  let sentence = -1;
  for (const m of window.matchAll(SENTENCE_END)) sentence = m.index + m[0].length;
  if (sentence >= half && sentence <= max) return sentence;
  for (let i = Math.min(max, window.length - 1); i > 0; i--) if (/\s/.test(window[i]!)) return i;
  // One word longer than the limit: the only case that cuts inside a word.
  let cut = max;
  const code = rest.charCodeAt(cut - 1);
  if (cut > 1 && code >= 0xd800 && code <= 0xdbff) cut--;
  while (cut > 1 && rest[cut - 1] === '\\') cut--;
  return cut;
}

/** Moves a cut that falls inside an atomic span to the span's start (or its end, when the span opens the text). */
function keepWhole(rest: string, cut: number, max: number, atomic: RegExp | undefined): number {
  if (!atomic) return cut;
  for (const m of rest.slice(0, 2 * max + 1).matchAll(atomic)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start >= cut) break;
    if (end <= cut || end - start > max) continue;
    return start > 0 ? start : end;
  }
  return cut;
}
