import type { CommandSpec } from './commands.js';
import type { Answer, Briefing, Digest } from './model.js';

// The one neutral reply model. Every adapter renders these at its edge (console text, JSON,
// Slack Block Kit, Discord embeds); the core never formats for a platform.
export type Reply =
  | { kind: 'briefing'; briefing: Briefing }
  | { kind: 'answer'; answer: Answer; trigger?: Trigger }
  | { kind: 'unknown'; question: string; message: string }
  | {
      kind: 'digest';
      digest: Digest;
      title: string;
      /** One line under the title (a configured digest's `intro:`). */
      intro?: string;
      emptyMessage: string;
    }
  | { kind: 'list'; items: ListItem[] }
  | { kind: 'help'; commands: readonly CommandSpec[]; unknown?: string }
  | { kind: 'notice'; level: 'info' | 'error'; message: string };

/**
 * Why the bot spoke up without a command. A tagged union, so no sentinel term exists: a thread follow-up is
 * neither "you mentioned me" nor a watched term.
 */
export type Trigger = { kind: 'term'; term: string } | { kind: 'mention' } | { kind: 'follow-up' };

/** The one wording of a trigger, shared by every renderer (escape it for the platform). */
export function triggerText(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'term':
      return `Why I answered: your message mentions “${trigger.term}”.`;
    case 'mention':
      return 'Why I answered: you mentioned me.';
    case 'follow-up':
      return 'Why I answered: you asked in a thread I answered in.';
  }
}

export interface ListItem {
  id: string;
  title: string;
  source: string;
  published: string;
  url?: string;
}

/** Version of the documented JSON shape (`--format json`); bump it on breaking changes. */
export const REPLY_JSON_VERSION = 1;

export function replyToJson(reply: Reply): string {
  return JSON.stringify({ version: REPLY_JSON_VERSION, ...reply }, null, 2);
}

export function notice(message: string, level: 'info' | 'error' = 'info'): Reply {
  return { kind: 'notice', level, message };
}
