import type { MentionType } from './embed-pack.js';

/** The Discord adapter's slice of the config; its own file so listeners need not import start.ts (no cycle). */
export interface DiscordAdapterSettings {
  publicReplies: boolean;
  allowedMentions: readonly MentionType[];
  messageContent: boolean;
  registerCommandsOnStart: boolean;
}
