// One command grammar for every adapter: the console and Slack parse the text after `/govai`,
// Discord generates its slash-command options from COMMAND_SPECS.

export type Command =
  | { name: 'summary'; id?: string }
  | { name: 'ask'; question: string; briefingId?: string }
  | { name: 'digest'; since?: string }
  | { name: 'list' }
  | { name: 'search'; words: string }
  | { name: 'add'; url: string }
  | { name: 'help'; unknown?: string };

export interface CommandOptionSpec {
  name: string;
  description: string;
  required: boolean;
  /** Offer briefing ids/titles as completions (Discord autocomplete). */
  autocomplete?: 'briefing';
}

export interface CommandSpec {
  name: Command['name'];
  /**
   * `inline`: fast, answered in the platform's first response (Slack's ack body, Discord's reply). `deferred`: may
   * take seconds (search, fetch): acknowledged empty first, answered after (response_url, deferReply + editReply).
   */
  timing: 'inline' | 'deferred';
  usage: string;
  description: string;
  options: CommandOptionSpec[];
}

export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    name: 'summary',
    timing: 'inline',
    usage: 'summary [briefing-id]',
    description: 'Show a briefing: headline, TL;DR, key points, glossary (the latest when no id is given).',
    options: [
      { name: 'briefing', description: 'Briefing id (default: the latest)', required: false, autocomplete: 'briefing' },
    ],
  },
  {
    name: 'ask',
    timing: 'deferred',
    usage: 'ask <question>',
    description: 'Answer a question by quoting the briefing sentence that answers it, with a citation.',
    options: [{ name: 'question', description: 'Your question', required: true }],
  },
  {
    name: 'digest',
    timing: 'deferred',
    usage: 'digest [since ISO-date]',
    description: 'The briefings published since a date (default: the last 7 days), newest first.',
    options: [{ name: 'since', description: 'ISO date, e.g. 2026-11-01', required: false }],
  },
  { name: 'list', timing: 'inline', usage: 'list', description: 'List every briefing with its id.', options: [] },
  {
    name: 'search',
    timing: 'deferred',
    usage: 'search <words>',
    description: 'The briefings that mention every word (title, tags, keywords, text), newest first, with their ids.',
    options: [{ name: 'words', description: 'Words to look for, e.g. IL6 procurement', required: true }],
  },
  {
    name: 'add',
    timing: 'deferred',
    usage: 'add <url>',
    description: 'Add an article from a URL (admins only).',
    options: [{ name: 'url', description: 'Article URL (http or https)', required: true }],
  },
  { name: 'help', timing: 'inline', usage: 'help', description: 'Show these commands.', options: [] },
] as const;

/** The timing of a command, from its spec (unknown names are inline: help). */
export function commandTiming(name: Command['name']): CommandSpec['timing'] {
  return COMMAND_SPECS.find((c) => c.name === name)?.timing ?? 'inline';
}

export const MAX_QUESTION_CHARS = 500;

/** Parses the text after `/govai`. Unknown or empty text gives `help`, never an error. */
export function parseCommand(text: string): Command {
  const trimmed = text.trim().replace(/^\/?govai\b\s*/i, '');
  if (trimmed === '') return { name: 'help' };
  const [head = '', ...rest] = trimmed.split(/\s+/);
  const verb = head.toLowerCase();
  const args = trimmed.slice(head.length).trim();
  switch (verb) {
    case 'summary':
    case 'brief':
    case 'briefing':
      return rest.length > 0 && rest[0] !== 'latest' ? { name: 'summary', id: rest[0]! } : { name: 'summary' };
    case 'ask': {
      const flag = /(?:^|\s)--briefing\s+(\S+)/.exec(args);
      const question = (flag ? args.replace(flag[0], ' ') : args).trim();
      return flag ? { name: 'ask', question, briefingId: flag[1]! } : { name: 'ask', question };
    }
    case 'digest': {
      const since = args.replace(/^--since\s+/, '').trim();
      return since ? { name: 'digest', since } : { name: 'digest' };
    }
    case 'list':
    case 'ls':
      return { name: 'list' };
    case 'search':
    case 'find':
      return { name: 'search', words: args };
    case 'add':
      return { name: 'add', url: args };
    case 'help':
    case '?':
      return { name: 'help' };
    default:
      // A bare question ("/govai what is IL6?") is the most natural thing to type: treat it as ask.
      if (/\?\s*$/.test(trimmed)) return { name: 'ask', question: trimmed };
      return { name: 'help', unknown: head };
  }
}
