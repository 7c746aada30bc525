import { directCommand } from '../../app/conversation.js';
import { parseCommand, type Command } from '../../core/commands.js';
import type { TeamsConversation, TeamsConversationReference } from '../../store/teams-conversations.js';

// The translator: a Bot Framework activity from Teams in, a platform-neutral event out. Pure (no SDK, no I/O),
// so every rule here is unit-testable: what is a command, what is chatter, what is a mention, where the thread is.

/** The parts of an incoming activity govai reads (the SDK's Activity has these fields). */
export interface IncomingActivity {
  type: string;
  id?: string;
  channelId?: string;
  serviceUrl?: string;
  text?: string;
  action?: string;
  from?: { id: string; name?: string; aadObjectId?: string; role?: string };
  recipient?: { id: string; name?: string };
  conversation?: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  entities?: Array<{ type?: string; mentioned?: { id?: string; name?: string }; text?: string }>;
  membersAdded?: Array<{ id: string }>;
  membersRemoved?: Array<{ id: string }>;
  channelData?: {
    tenant?: { id?: string };
    team?: { id?: string; name?: string };
    channel?: { id?: string; name?: string };
    eventType?: string;
  };
}

export type ConversationKind = TeamsConversation['kind'];

export type TeamsEvent =
  /** Addressed to the bot (an @mention or a 1:1 chat) and starting with a command word. */
  | { kind: 'command'; command: Command; where: Where; user: string }
  /** Anything else a person wrote: keyword triggers, follow-ups in a thread, mentions that are questions. */
  | { kind: 'message'; text: string; mentionsBot: boolean; fromBot: boolean; where: Where; user: string }
  | { kind: 'installed'; where: Where }
  | { kind: 'removed'; where: Where }
  | { kind: 'ignore'; reason: string };

export interface Where {
  /** The conversation without a thread suffix: the channel, group chat or 1:1 chat. */
  conversationId: string;
  kind: ConversationKind;
  /** The root message of the thread (channels), for thread memory and threaded replies. */
  threadRootId?: string;
  reference: TeamsConversationReference;
  label?: string;
}

/** `19:abc@thread.tacv2;messageid=123` -> base id and thread root. */
export function splitConversationId(id: string): { base: string; messageId?: string } {
  const m = /^(.*?);messageid=(\d+)$/i.exec(id);
  return m ? { base: m[1]!, messageId: m[2]! } : { base: id };
}

export function conversationKind(activity: IncomingActivity): ConversationKind {
  const t = activity.conversation?.conversationType;
  if (t === 'channel') return 'channel';
  if (t === 'groupChat' || activity.conversation?.isGroup) return 'groupChat';
  return 'personal';
}

export function whereOf(activity: IncomingActivity): Where | undefined {
  const conv = activity.conversation;
  if (!conv?.id || !activity.serviceUrl || !activity.recipient?.id) return undefined;
  const { base, messageId } = splitConversationId(conv.id);
  const kind = conversationKind(activity);
  const tenantId = conv.tenantId ?? activity.channelData?.tenant?.id;
  const reference: TeamsConversationReference = {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId ?? 'msteams',
    conversation: {
      id: base,
      ...(conv.conversationType ? { conversationType: conv.conversationType } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(conv.isGroup !== undefined ? { isGroup: conv.isGroup } : {}),
    },
    bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
    ...(tenantId ? { tenantId } : {}),
  };
  const team = activity.channelData?.team?.name;
  const channel = activity.channelData?.channel?.name;
  const label =
    kind === 'channel'
      ? [team, channel].filter(Boolean).join(' / ') || conv.name
      : kind === 'personal'
        ? activity.from?.name
        : conv.name;
  // In a channel a reply belongs to the thread of the root message; a root post is its own root.
  const threadRootId = kind === 'channel' ? (messageId ?? activity.id) : undefined;
  return {
    conversationId: base,
    kind,
    reference,
    ...(threadRootId ? { threadRootId } : {}),
    ...(label ? { label } : {}),
  };
}

/**
 * Removes the `<at>name</at>` of the bot's own mentions (from the mention entities) and reports whether there was one.
 */
export function stripBotMention(activity: IncomingActivity): { text: string; mentionsBot: boolean } {
  let text = activity.text ?? '';
  let mentionsBot = false;
  const botId = activity.recipient?.id;
  for (const e of activity.entities ?? []) {
    if (e.type !== 'mention' || !botId || e.mentioned?.id !== botId) continue;
    mentionsBot = true;
    if (e.text) text = text.split(e.text).join(' ');
  }
  // Teams may send the mention as HTML-ish markup even when the entity text differs in case or spacing.
  if (mentionsBot) text = text.replace(/<at>[^<]*<\/at>/gi, ' ');
  return { text: decodeEntities(text).replace(/\s+/g, ' ').trim(), mentionsBot };
}

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export function isFromBot(activity: IncomingActivity): boolean {
  const from = activity.from;
  if (!from) return false;
  // Teams bot accounts are `28:<app id>`; the bot's own messages come back from the recipient's id.
  return from.role === 'bot' || from.id === activity.recipient?.id || from.id.startsWith('28:');
}

export function translate(activity: IncomingActivity): TeamsEvent {
  const where = whereOf(activity);
  if (!where) return { kind: 'ignore', reason: 'incomplete activity (conversation, serviceUrl or recipient missing)' };
  const botId = activity.recipient!.id;
  if (activity.type === 'conversationUpdate') {
    if (activity.membersAdded?.some((m) => m.id === botId)) return { kind: 'installed', where };
    if (activity.membersRemoved?.some((m) => m.id === botId)) return { kind: 'removed', where };
    return { kind: 'ignore', reason: 'conversation update' };
  }
  if (activity.type === 'installationUpdate') {
    if (activity.action?.startsWith('add')) return { kind: 'installed', where };
    if (activity.action?.startsWith('remove')) return { kind: 'removed', where };
    return { kind: 'ignore', reason: 'installation update' };
  }
  if (activity.type !== 'message') return { kind: 'ignore', reason: `activity type ${activity.type}` };
  const user = `teams:${activity.from?.aadObjectId ?? activity.from?.id ?? ''}`;
  const fromBot = isFromBot(activity);
  const { text, mentionsBot } = stripBotMention(activity);
  const addressed = mentionsBot || where.kind === 'personal';
  // A single word that is no command and no question (`@govai frobnicate`) is a mistyped command: help says so.
  const command = directCommand(text) ?? (/^[a-z][\w-]*$/i.test(text) ? parseCommand(text) : undefined);
  if (addressed && !fromBot && command) return { kind: 'command', command, where, user };
  return { kind: 'message', text, mentionsBot: addressed, fromBot, where, user };
}
