import type { ChatOutcome, Conversation, SendResult } from '../../app/conversation.js';
import type { PublishResult } from '../../app/publisher.js';
import type { Command } from '../../core/commands.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../log/logger.js';
import type { TeamsConversationStore } from '../../store/teams-conversations.js';
import { translate, type IncomingActivity, type TeamsEvent, type Where } from './activity.js';
import type { ConsentProbe } from './consent.js';
import { renderTeams, type TeamsMessage } from './render.js';

// One turn, translation only: the activity becomes a command or a chat message for the conversation owner
// (src/app/conversation.ts: dedupe, thread memory, trigger rules, the bot call, the one error boundary, outcomes);
// this file remembers where the conversation is (for proactive digests) and renders the reply as cards. The SDK
// specifics (TurnContext, ConnectorClient) stay in server.ts; this file only sees an activity and a `send`.

/** What an activity led to; reported to `onOutcome` (tests, benchmarks) after any reply was sent. */
export interface TeamsOutcome {
  activityId?: string;
  conversationId?: string;
  event: TeamsEvent['kind'];
  decision?:
    | ChatOutcome['decision']
    | { kind: 'command'; command: Command['name'] }
    | { kind: 'ignore'; reason: 'duplicate' };
  posted?: SendResult;
}

export interface TeamsTurnDeps {
  conversation: Conversation;
  conversations: TeamsConversationStore;
  logger: Logger;
  clock: () => number;
  isAdmin: (ids: readonly string[]) => boolean;
  onOutcome?: (outcome: TeamsOutcome) => void;
  /** Whether this team or chat granted un-mentioned messages (when the bot asks for them; consent.ts). */
  consent?: Pick<ConsentProbe, 'observe'>;
}

export interface Turn {
  activity: IncomingActivity;
  /** Sends the messages as replies to the incoming activity (in its thread in a channel). Never throws. */
  send(messages: TeamsMessage[]): Promise<PublishResult>;
}

/** Thread-memory place of a channel thread (platform-local; the owner prefixes `teams:`). */
export const threadPlace = (conversationId: string, rootId: string) => `thread:${conversationId}:${rootId}`;

export async function handleTurn(deps: TeamsTurnDeps, turn: Turn): Promise<TeamsOutcome> {
  const a = turn.activity;
  const event = translate(a);
  const base: Pick<TeamsOutcome, 'activityId' | 'conversationId' | 'event'> = {
    ...(a.id ? { activityId: a.id } : {}),
    ...('where' in event ? { conversationId: event.where.conversationId } : {}),
    event: event.kind,
  };
  const report = (rest: Omit<TeamsOutcome, keyof typeof base> = {}): TeamsOutcome => {
    const outcome = { ...base, ...rest };
    deps.onOutcome?.(outcome);
    return outcome;
  };
  if (event.kind === 'ignore') return report();
  remember(deps, event);
  if (event.kind !== 'removed')
    deps.consent?.observe(a, event.where, event.kind === 'message' ? event.mentionsBot : true);
  if (event.kind === 'installed' || event.kind === 'removed') return report();
  const { where } = event;
  const send = async (reply: Reply): Promise<SendResult> => {
    const posted = await turn.send(renderTeams(reply));
    return posted.ok ? { ok: true, placeIds: [] } : { ok: false, message: posted.message };
  };
  const dedupe = a.id ? [`activity:${where.conversationId}:${a.id}`] : [];
  const ref = a.id;
  if (event.kind === 'command') {
    const outcome = await deps.conversation.command(
      {
        platform: 'teams',
        command: event.command,
        dedupe,
        ...(ref ? { ref } : {}),
        caller: { user: event.user, channel: `teams:${where.conversationId}`, isAdmin: deps.isAdmin([event.user]) },
      },
      send,
    );
    return report({
      decision: outcome.duplicate
        ? { kind: 'ignore', reason: 'duplicate' }
        : { kind: 'command', command: event.command.name },
      ...(outcome.posted ? { posted: outcome.posted } : {}),
    });
  }
  const place = where.threadRootId ? threadPlace(where.conversationId, where.threadRootId) : undefined;
  const outcome = await deps.conversation.message(
    {
      platform: 'teams',
      dedupe,
      channel: where.conversationId,
      // Already qualified by the translator (`teams:<aad id>`); the owner qualifies the bare id.
      user: event.user.replace(/^teams:/, ''),
      text: event.text,
      fromBot: event.fromBot,
      mentionsBot: event.mentionsBot,
      continues: place ? [place] : [],
      answerPlaces: place ? [place] : [],
      ...(ref ? { ref } : {}),
    },
    send,
  );
  return report({ decision: outcome.decision, ...(outcome.posted ? { posted: outcome.posted } : {}) });
}

/** Keeps the conversation reference current: install, first message, and every message after (service URLs move). */
function remember(deps: TeamsTurnDeps, event: Extract<TeamsEvent, { where: Where }>): void {
  const { where } = event;
  const now = deps.clock();
  if (event.kind === 'removed') {
    deps.conversations.markRemoved(where.conversationId, now);
    deps.logger.info(
      { destination: `teams:${where.conversationId}` },
      'Teams: the bot was removed from a conversation; digests to it will fail until it is added back',
    );
    return;
  }
  if (event.kind === 'message' && event.fromBot) return;
  const known = deps.conversations.get(where.conversationId);
  deps.conversations.upsert({
    conversationId: where.conversationId,
    reference: where.reference,
    kind: where.kind,
    ...(where.label ? { label: where.label } : {}),
    updatedAt: now,
  });
  if (!known || known.removedAt !== undefined) {
    deps.logger.info(
      { destination: `teams:${where.conversationId}`, kind: where.kind, label: where.label },
      'Teams: conversation recorded; digests can go to this destination',
    );
  }
}
