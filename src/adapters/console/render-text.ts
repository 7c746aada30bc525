import type { Citation } from '../../core/model.js';
import type { PresentedBlock } from '../../core/presentation/model.js';
import { present } from '../../core/presentation/present.js';
import { modelItemNote } from '../../core/presentation/wording.js';
import type { Reply } from '../../core/reply.js';

// Plain-text rendering for the terminal console and the CLI's default `--format text`: the core's presentation
// (src/core/presentation/present.ts) mapped to lines. Emphasis is real bold (ANSI SGR 1) when the output is a
// terminal and nothing at all otherwise: never `**asterisks**`, which a terminal shows as they are and a pipe or a
// file keeps as noise.

export interface TextOptions {
  /** Bold with ANSI escapes (the output is a TTY); plain text otherwise. */
  bold?: boolean;
}

/** The quote prefix; the console's input prompt (`PROMPT` in console-adapter.ts) is different on purpose. */
export const QUOTE_PREFIX = '> ';

export function citationText(c: Pick<Citation, 'title' | 'source' | 'paragraph' | 'url'>): string {
  return `${c.title}${c.source ? ` (${c.source})` : ''}, paragraph ${c.paragraph}${c.url ? ` - ${c.url}` : ''}`;
}

// Bold is marked with two private-use characters while rendering; the last pass removes every control character an
// article could carry (an ESC sequence could recolour or rewrite the terminal) and only then turns the marks into ANSI.
const BOLD_ON = '\uE000';
const BOLD_OFF = '\uE001';
const b = (text: string) => `${BOLD_ON}${text}${BOLD_OFF}`;

export function renderText(reply: Reply, options: TextOptions = {}): string {
  return renderMarked(reply)
    .replace(/(?![\n\t])\p{Cc}/gu, '')
    .replace(/\uE000/g, options.bold ? '\x1b[1m' : '')
    .replace(/\uE001/g, options.bold ? '\x1b[22m' : '');
}

function renderMarked(reply: Reply): string {
  // Everything at once: a terminal has no thread or next message for a digest's overflow.
  const p = present(reply, { continuation: 'inline' });
  const lines: string[] = [];
  for (const part of p.parts) for (const block of part) lines.push(...blockLines(block, reply.kind));
  const text = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return p.tone === 'error' ? `Error: ${text}` : text;
}

function blockLines(block: PresentedBlock, kind: Reply['kind']): string[] {
  switch (block.kind) {
    case 'heading':
      // A briefing's title reads like a text file's heading; help names its list; a list needs no heading.
      if (kind === 'list') return [];
      return [b(kind === 'briefing' ? `# ${block.text}` : kind === 'help' ? `${block.text}:` : block.text)];
    case 'meta':
      return [`${block.source} · ${block.date}${block.url ? ` · ${block.url}` : ''}`, ''];
    case 'paragraph':
      return [block.label ? `${b(`${block.label}:`)} ${block.text}` : block.text, ''];
    case 'bullets':
      return [
        b(`${block.label}:`),
        ...block.items.map(
          (i) => `  - ${i.term ? `${b(i.term)}: ` : ''}${i.text}${i.ref ? ` [¶${i.ref.paragraph}]` : ''}`,
        ),
      ];
    case 'qa':
      return [
        b(`${block.label}:`),
        ...block.items.flatMap((q) => [
          `  Q: ${q.question}`,
          `  A: ${q.answer}${q.ref ? ` [¶${q.ref.paragraph}]` : ''}`,
        ]),
      ];
    case 'quote': {
      const body = block.segments.map((s) => (s.strong ? b(s.text) : s.text)).join('');
      const quoted = body.split('\n').map((l) => `${QUOTE_PREFIX}${l}`);
      // Plain text cannot show the bold span, so the answer is also said in words.
      const span = block.segments.find((s) => s.strong);
      return span ? [...quoted, `${b('Answer:')} ${span.text}`] : quoted;
    }
    case 'answer-line':
      return [`${b('Answer:')} ${block.text}`];
    case 'citation':
      return [`— ${citationText(block.citation)}`];
    case 'items': {
      // List columns line up: ids padded to the longest (capped, so one very long id does not push every title away).
      const width = Math.min(Math.max(0, ...block.items.map((i) => i.id?.length ?? 0)), 48);
      return [
        '',
        ...block.items.flatMap((i) => {
          if (i.id) return [`${i.id.padEnd(width)}  ${i.date}  ${i.title} (${i.source})`];
          const out = [`* ${b(i.title)} (${i.source}, ${i.date})`];
          if (i.summary) out.push(`  ${i.summary}`);
          if (i.summary && i.summaryBy) out.push(`  ${modelItemNote(i.summaryBy)}`);
          if (i.url) out.push(`  ${i.url}`);
          if (i.alsoReportedBy?.length)
            out.push(`  also reported by ${i.alsoReportedBy.map((a) => a.source).join(', ')}`);
          return out;
        }),
      ];
    }
    case 'commands':
      return [...block.items.map((c) => `  /govai ${c.usage.padEnd(24)} ${c.description}`), ''];
    case 'note':
      return [block.text];
    case 'divider':
      return [''];
    case 'actions':
      // The article's address is on the meta line already.
      return [];
  }
}
