// Discord's message and embed limits, as data
// (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). The renderer packs within these;
// anything longer continues in a follow-up message, never cut silently.
export const DISCORD_LIMITS = {
  content: 2_000,
  embedsPerMessage: 10,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  author: 256,
  /** Sum of every embed's title, description, field names/values, footer and author in one message. */
  embedTotal: 6_000,
} as const;

/** Brand colour of govai embeds; red for errors. */
export const EMBED_COLOR = { info: 0x2b6cb0, error: 0xc53030 } as const;
