// Teams' message limits as data. A bot message (activity with its Adaptive Card) is refused above about 28 KB;
// renderers budget the card below that and split into more messages, never cut.
export const TEAMS_LIMITS = {
  /** Safe size of one outgoing activity, card included (Teams rejects larger with 413 / MessageSizeTooBig). */
  activityBytes: 28_000,
  /** What one card may take, leaving room for the activity envelope (ids, conversation, from, recipient). */
  cardBytes: 24_000,
  /** One TextBlock longer than this is split at a sentence or word boundary (readability, and the card budget). */
  textBlockChars: 4_000,
  /** Adaptive Card schema version: 1.4 renders on Teams desktop, web and mobile. */
  cardVersion: '1.4',
} as const;
