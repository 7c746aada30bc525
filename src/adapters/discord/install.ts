// What the bot needs in a server, as data: the README, the doctor and a test derive from these.

/** Permission bits (https://discord.com/developers/docs/topics/permissions). */
export const REQUIRED_PERMISSIONS = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  SendMessagesInThreads: 1n << 38n,
} as const;

export const PERMISSIONS_INTEGER = Object.values(REQUIRED_PERMISSIONS)
  .reduce((a, b) => a | b, 0n)
  .toString();

export const INVITE_SCOPES = ['bot', 'applications.commands'] as const;

export function inviteUrl(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=${INVITE_SCOPES.join('+')}&permissions=${PERMISSIONS_INTEGER}`;
}
