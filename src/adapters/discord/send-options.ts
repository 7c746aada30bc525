import type { DiscordPayload } from './embed-pack.js';

/**
 * discord.js send options for a rendered payload. The per-message `allowedMentions` repeats the client-wide
 * default on purpose: every message carries it, whichever code path sends it.
 */
export function toSendOptions(p: DiscordPayload) {
  return {
    ...(p.content ? { content: p.content } : {}),
    embeds: p.embeds ?? [],
    ...(p.components ? { components: p.components } : {}),
    allowedMentions: { parse: p.allowed_mentions.parse, repliedUser: false },
  };
}
