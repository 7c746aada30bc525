import { COMMAND_SPECS, type Command, type CommandSpec } from '../../core/commands.js';

// The `/govai` slash command, generated from the core grammar so Discord, Slack and the console never
// disagree about what commands exist. Plain API JSON (application command object).

export const SLASH_COMMAND_NAME = 'govai';
const SUB_COMMAND = 1;
const STRING = 3;

export interface SlashOptionJson {
  type: typeof STRING;
  name: string;
  description: string;
  required: boolean;
  autocomplete?: boolean;
  max_length?: number;
}

export interface SlashCommandJson {
  name: string;
  description: string;
  type: 1;
  dm_permission: boolean;
  options: Array<{ type: typeof SUB_COMMAND; name: string; description: string; options: SlashOptionJson[] }>;
}

/** Discord descriptions are 1-100 characters; the core's are written for help text. */
function short(text: string): string {
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}

export function slashCommandJson(specs: readonly CommandSpec[] = COMMAND_SPECS): SlashCommandJson {
  return {
    name: SLASH_COMMAND_NAME,
    description: 'Government AI briefings: summaries, cited answers, digests',
    type: 1,
    dm_permission: false,
    options: specs.map((spec) => ({
      type: SUB_COMMAND,
      name: spec.name,
      description: short(spec.description),
      // Discord requires required options before optional ones.
      options: [...spec.options]
        .sort((a, b) => Number(b.required) - Number(a.required))
        .map((o) => ({
          type: STRING,
          name: o.name,
          description: short(o.description),
          required: o.required,
          ...(o.autocomplete ? { autocomplete: true } : {}),
          ...(o.name === 'question' ? { max_length: 500 } : {}),
        })),
    })),
  };
}

/** The body PUT to the commands route (an array: the bulk-overwrite endpoint). */
export function commandsBody(): SlashCommandJson[] {
  return [slashCommandJson()];
}

/** Maps a `/govai <sub>` interaction (its subcommand and string options) to the core command. */
export function commandFromSlash(sub: string, option: (name: string) => string | null | undefined): Command {
  const get = (name: string) => option(name)?.trim() || undefined;
  switch (sub) {
    case 'summary': {
      const id = get('briefing');
      return id && id !== 'latest' ? { name: 'summary', id } : { name: 'summary' };
    }
    case 'ask':
      return { name: 'ask', question: get('question') ?? '' };
    case 'digest': {
      const since = get('since');
      return since ? { name: 'digest', since } : { name: 'digest' };
    }
    case 'list':
      return { name: 'list' };
    case 'search':
      return { name: 'search', words: get('words') ?? '' };
    case 'add':
      return { name: 'add', url: get('url') ?? '' };
    case 'help':
      return { name: 'help' };
    default:
      // Commands registered by an older version may still be in users' clients.
      return { name: 'help', unknown: sub };
  }
}

export interface Choice {
  name: string;
  value: string;
}

/** Autocomplete choices for the `briefing` option: ids and titles matching what is typed (max 25). */
export function briefingChoices(briefings: ReadonlyArray<{ id: string; title: string }>, typed: string): Choice[] {
  const q = typed.trim().toLowerCase();
  const matches = briefings.filter(
    (b) => q === '' || b.id.toLowerCase().includes(q) || b.title.toLowerCase().includes(q),
  );
  return matches.slice(0, 25).map((b) => ({ name: short(b.title), value: b.id.slice(0, 100) }));
}
