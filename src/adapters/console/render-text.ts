import type { Citation } from '../../core/model.js';
import { HELP_FOOTER, QA_CAP, unknownCommandText } from '../../core/presentation/wording.js';
import { type Reply, triggerText } from '../../core/reply.js';

// Plain-text rendering for the terminal console and the CLI's default `--format text`.

export function citationText(c: Citation): string {
  return `${c.title}${c.source ? ` (${c.source})` : ''}, paragraph ${c.paragraph}${c.url ? ` - ${c.url}` : ''}`;
}

export function renderText(reply: Reply): string {
  switch (reply.kind) {
    case 'briefing': {
      const b = reply.briefing;
      const lines = [
        `# ${b.headline}`,
        `${b.source} · ${b.published.slice(0, 10)}${b.url ? ` · ${b.url}` : ''}`,
        '',
        `TL;DR: ${b.tldr}`,
        '',
        'Key points:',
      ];
      for (const k of b.keyPoints) lines.push(`  - ${k.text} [¶${k.citation.paragraph}]`);
      if (b.sections.length > 0) lines.push('', `Sections: ${b.sections.map((s) => s.heading).join(' | ')}`);
      if (b.glossary.length > 0) {
        lines.push('', 'Glossary:');
        for (const g of b.glossary) lines.push(`  - ${g.term}: ${g.definition} [¶${g.citation.paragraph}]`);
      }
      if (b.entities.length > 0) lines.push('', `Names: ${b.entities.join(', ')}`);
      if (b.qa.length > 0) {
        lines.push('', 'Q&A:');
        for (const q of b.qa.slice(0, QA_CAP))
          lines.push(`  Q: ${q.question}`, `  A: ${q.answer} [¶${q.citation.paragraph}]`);
      }
      lines.push('', `id: ${b.id}`);
      return lines.join('\n');
    }
    case 'answer': {
      const a = reply.answer;
      if (a.grounded) {
        const g = a.grounded;
        const lines = [g.text, ''];
        for (const sen of g.sentences) lines.push(`> ${sen.text}`, `— ${citationText(sen.citation)}`);
        lines.push(`(written by ${g.model}; every quote above is verbatim from the briefing)`);
        if (reply.trigger) lines.push(triggerText(reply.trigger));
        return lines.join('\n');
      }
      const quote = a.answerText ? a.quote.replace(a.answerText, `**${a.answerText}**`) : a.quote;
      const lines = [`> ${quote}`, `— ${citationText(a.citation)}`];
      if (a.answerText) lines.push(`Answer: ${a.answerText}`);
      if (a.support) lines.push(`(${a.support})`);
      if (reply.trigger) lines.push(triggerText(reply.trigger));
      return lines.join('\n');
    }
    case 'unknown':
      return reply.message;
    case 'digest': {
      const d = reply.digest;
      if (d.items.length === 0) return reply.emptyMessage;
      const lines = [`${reply.title}`, ...(reply.intro ? [reply.intro] : []), ''];
      for (const item of [...d.items, ...d.overflow]) {
        lines.push(`* ${item.title} (${item.source}, ${item.published.slice(0, 10)})`, `  ${item.tldr}`);
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
      lines.push('govai commands:');
      for (const c of reply.commands) lines.push(`  /govai ${c.usage.padEnd(24)} ${c.description}`);
      lines.push('', HELP_FOOTER);
      return lines.join('\n');
    }
    case 'notice':
      return reply.level === 'error' ? `Error: ${reply.message}` : reply.message;
  }
}
