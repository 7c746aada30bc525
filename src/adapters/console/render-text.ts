import type { Citation } from '../../core/model.js';
import { HELP_FOOTER, QA_CAP, unknownCommandText } from '../../core/presentation/wording.js';
import { type Reply, triggerText } from '../../core/reply.js';

// Plain-text rendering for the terminal console and the CLI's default `--format text`. Emphasis is real bold (ANSI
// SGR 1) when the output is a terminal and nothing at all otherwise: never `**asterisks**`, which a terminal shows
// as they are and a pipe or a file keeps as noise.

export interface TextOptions {
  /** Bold with ANSI escapes (the output is a TTY); plain text otherwise. */
  bold?: boolean;
}

/** The quote prefix; the console's input prompt (`PROMPT` in console-adapter.ts) is different on purpose. */
export const QUOTE_PREFIX = '> ';

export function citationText(c: Citation): string {
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
  switch (reply.kind) {
    case 'briefing': {
      const br = reply.briefing;
      const lines = [
        b(`# ${br.headline}`),
        `${br.source} · ${br.published.slice(0, 10)}${br.url ? ` · ${br.url}` : ''}`,
        '',
        `${b('TL;DR:')} ${br.tldr}`,
        '',
        b('Key points:'),
      ];
      for (const k of br.keyPoints) lines.push(`  - ${k.text} [¶${k.citation.paragraph}]`);
      if (br.sections.length > 0) lines.push('', `Sections: ${br.sections.map((s) => s.heading).join(' | ')}`);
      if (br.glossary.length > 0) {
        lines.push('', b('Glossary:'));
        for (const g of br.glossary) lines.push(`  - ${b(g.term)}: ${g.definition} [¶${g.citation.paragraph}]`);
      }
      if (br.entities.length > 0) lines.push('', `Names: ${br.entities.join(', ')}`);
      if (br.qa.length > 0) {
        lines.push('', b('Q&A:'));
        for (const q of br.qa.slice(0, QA_CAP))
          lines.push(`  Q: ${q.question}`, `  A: ${q.answer} [¶${q.citation.paragraph}]`);
      }
      lines.push('', `id: ${br.id}`);
      return lines.join('\n');
    }
    case 'answer': {
      const a = reply.answer;
      if (a.grounded) {
        const g = a.grounded;
        const lines = [g.text, ''];
        for (const sen of g.sentences) lines.push(`${QUOTE_PREFIX}${sen.text}`, `— ${citationText(sen.citation)}`);
        lines.push(`(written by ${g.model}; every quote above is verbatim from the briefing)`);
        if (reply.trigger) lines.push(triggerText(reply.trigger));
        return lines.join('\n');
      }
      const quote = a.answerText ? a.quote.replace(a.answerText, b(a.answerText)) : a.quote;
      const lines = [`${QUOTE_PREFIX}${quote}`, `— ${citationText(a.citation)}`];
      if (a.answerText) lines.push(`${b('Answer:')} ${a.answerText}`);
      if (a.support) lines.push(`(${a.support})`);
      if (reply.trigger) lines.push(triggerText(reply.trigger));
      return lines.join('\n');
    }
    case 'unknown':
      return reply.message;
    case 'digest': {
      const d = reply.digest;
      if (d.items.length === 0) return reply.emptyMessage;
      const lines = [b(reply.title), ...(reply.intro ? [reply.intro] : []), ''];
      for (const item of [...d.items, ...d.overflow]) {
        lines.push(`* ${b(item.title)} (${item.source}, ${item.published.slice(0, 10)})`, `  ${item.tldr}`);
        if (item.url) lines.push(`  ${item.url}`);
        if (item.alsoReportedBy?.length)
          lines.push(`  also reported by ${item.alsoReportedBy.map((a) => a.source).join(', ')}`);
      }
      return lines.join('\n');
    }
    case 'list':
      if (reply.items.length === 0) return 'No briefings yet.';
      {
        // Columns line up: ids padded to the longest (capped, so one very long id does not push every title away).
        const width = Math.min(Math.max(...reply.items.map((i) => i.id.length)), 48);
        return reply.items
          .map((i) => `${i.id.padEnd(width)}  ${i.published.slice(0, 10)}  ${i.title} (${i.source})`)
          .join('\n');
      }
    case 'help': {
      const lines = reply.unknown ? [unknownCommandText(reply.unknown), ''] : [];
      lines.push(b('govai commands:'));
      for (const c of reply.commands) lines.push(`  /govai ${c.usage.padEnd(24)} ${c.description}`);
      lines.push('', HELP_FOOTER);
      return lines.join('\n');
    }
    case 'notice':
      return reply.level === 'error' ? `Error: ${reply.message}` : reply.message;
  }
}
