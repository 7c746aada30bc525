// Slack's Block Kit and messaging limits as data (https://docs.slack.dev/reference/block-kit/blocks).
// Renderers budget against these; overflow is split into more blocks or more messages, never cut silently.
export const SLACK_LIMITS = {
  /** header block: plain_text. */
  headerText: 150,
  /** section block: text. */
  sectionText: 3_000,
  /** context block: up to 10 elements, each a text object. */
  contextElements: 10,
  contextText: 2_000,
  /** section fields: 10 per section, 2,000 characters each. */
  sectionFields: 10,
  fieldText: 2_000,
  /** blocks per message. */
  blocksPerMessage: 50,
  /** button: text 75, value 2,000. */
  buttonText: 75,
  buttonValue: 2_000,
  /** Undocumented `msg_blocks_too_long` appears near 13k characters of block text; stay clearly below. */
  messageBlockChars: 12_000,
  /** Fallback `text` (notifications, screen readers): Slack truncates at 40k; keep it short. */
  fallbackText: 3_000,
  /** response_url accepts up to 5 responses within 30 minutes. */
  responseUrlUses: 5,
} as const;

/** Blocks kept free in every message so an adapter can append its own (the "Share in channel" button). */
export const RESERVED_BLOCKS = 1;
