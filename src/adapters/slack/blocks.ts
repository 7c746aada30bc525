import { RESERVED_BLOCKS, SLACK_LIMITS } from './limits.js';
import { splitText } from '../../core/presentation/split.js';
import { safePlain } from './escape.js';

// Minimal Block Kit types (only what govai sends) and the helpers that keep every block within limits.
// Pure: no SDK import, so the CLI's `--format slack` can use it without loading Bolt.

export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string };
  value?: string;
  /** A link button: Slack opens the URL (and still sends the app a block action, which is acknowledged). */
  url?: string;
  style?: 'primary' | 'danger';
}

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' }
  | { type: 'actions'; block_id?: string; elements: ButtonElement[] };

export interface SlackMessage {
  /** Fallback for notifications and screen readers; always set. */
  text: string;
  blocks: SlackBlock[];
}

/** A mrkdwn link `<url|label>` or `<url>`: never split across two blocks. */
const MRKDWN_LINK = /<[^<>\s]+>|<[^<>\s|]+\|[^<>]*>/g;

/** One or more section blocks holding `mrkdwn`, each within the section text limit. */
export function sections(mrkdwn: string): SlackBlock[] {
  return splitText(mrkdwn, SLACK_LIMITS.sectionText, { atomic: MRKDWN_LINK }).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
}

/** A header; a title over the header limit is shortened there and given in full in a section below. */
export function header(title: string): SlackBlock[] {
  const plain = safePlain(title.replace(/\s+/g, ' ').trim());
  if (plain.length <= SLACK_LIMITS.headerText) return [{ type: 'header', text: { type: 'plain_text', text: plain } }];
  const short = `${plain.slice(0, SLACK_LIMITS.headerText - 1).replace(/\s+\S*$/, '')}…`;
  return [{ type: 'header', text: { type: 'plain_text', text: short } }, ...sections(`*${escapeForBold(title)}*`)];
}

function escapeForBold(title: string): string {
  return title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '∗');
}

/** Context blocks (small grey text): pieces over the element limit are split; 10 elements per block. */
export function context(mrkdwnTexts: string[]): SlackBlock[] {
  const elements = mrkdwnTexts
    .filter((t) => t.trim() !== '')
    .flatMap((t) => splitText(t, SLACK_LIMITS.contextText, { atomic: MRKDWN_LINK }))
    .map((text): TextObject => ({ type: 'mrkdwn', text }));
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.contextElements) {
    blocks.push({ type: 'context', elements: elements.slice(i, i + SLACK_LIMITS.contextElements) });
  }
  return blocks;
}

/** Characters of text a block carries (what counts towards Slack's total-size limit). */
export function blockChars(block: SlackBlock): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + e.text.text.length + (e.value?.length ?? 0), 0);
    case 'divider':
      return 0;
  }
}

export type Continuation = 'thread' | 'follow-up';

/**
 * Packs parts of blocks into as many messages as needed (50 blocks, ~12k characters each, one block kept free),
 * marking each part so a reader knows more follows. Every block lands in exactly one message, in order.
 */
export function packMessages(
  parts: SlackBlock[][],
  fallback: string,
  continuation: Continuation = 'follow-up',
  /** Parts (by index) whose last block already says what continues: no second footer is added after them. */
  selfContinued: ReadonlySet<number> = new Set(),
): SlackMessage[] {
  // One block per message goes to the "part i of n" marker, one stays free for the adapter (RESERVED_BLOCKS).
  const maxBlocks = SLACK_LIMITS.blocksPerMessage - RESERVED_BLOCKS - 1;
  const maxChars = SLACK_LIMITS.messageBlockChars - 200;
  const groups: SlackBlock[][] = [];
  /** Indexes of groups that end a self-continued part. */
  const noted = new Set<number>();
  /** For each group, the part it belongs to. */
  const partOf: number[] = [];
  let current: SlackBlock[] = [];
  let chars = 0;
  let part = 0;
  const flush = () => {
    if (current.length > 0) {
      groups.push(current);
      partOf.push(part);
    }
    current = [];
    chars = 0;
  };
  // Each part starts a new message (e.g. a digest's overflow goes to the thread); long parts split further.
  parts.forEach((blocks, p) => {
    flush();
    part = p;
    for (const block of blocks) {
      const size = blockChars(block);
      if (current.length >= maxBlocks || (current.length > 0 && chars + size > maxChars)) flush();
      current.push(block);
      chars += size;
    }
    if (selfContinued.has(p) && current.length > 0) noted.add(groups.length);
  });
  if (current.length > 0 || groups.length === 0) {
    groups.push(current);
    partOf.push(part);
  }
  const text = shortFallback(fallback);
  if (groups.length === 1) return [{ text, blocks: groups[0]! }];
  const n = groups.length;
  const where = continuation === 'thread' ? 'continued in the thread' : 'continued in the next message';
  return groups.map((group, i) => {
    // One footer per message: a part that says what continues needs no "Part i of n" marker under it.
    // A whole part announced by the one before it ("2 more stories in the thread.") needs no marker either.
    const announced =
      partOf[i]! > 0 && selfContinued.has(partOf[i]! - 1) && partOf.filter((q) => q === partOf[i]).length === 1;
    const marker =
      noted.has(i) || announced ? '' : i < n - 1 ? `_Part ${i + 1} of ${n}, ${where}._` : `_Part ${i + 1} of ${n}._`;
    return { text: i === 0 ? text : `${text} (part ${i + 1} of ${n})`, blocks: [...group, ...context([marker])] };
  });
}

function shortFallback(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= SLACK_LIMITS.fallbackText ? flat : `${flat.slice(0, SLACK_LIMITS.fallbackText - 1)}…`;
}
