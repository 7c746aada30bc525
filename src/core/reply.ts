import type { CommandSpec } from './commands.js';
import type { Answer, Briefing, Digest } from './model.js';

// The one neutral reply model. Every adapter renders these at its edge (console text, JSON,
// Slack Block Kit, Discord embeds); the core never formats for a platform.
export type Reply =
  | { kind: 'briefing'; briefing: Briefing }
  | { kind: 'answer'; answer: Answer; trigger?: { term: string } }
  | { kind: 'unknown'; question: string; message: string }
  | { kind: 'digest'; digest: Digest; title: string; emptyMessage: string }
  | { kind: 'list'; items: ListItem[] }
  | { kind: 'help'; commands: readonly CommandSpec[]; unknown?: string }
  | { kind: 'notice'; level: 'info' | 'error'; message: string };

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
