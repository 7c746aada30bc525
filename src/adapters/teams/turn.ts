import type { AppContext } from '../../app/context.js';
import type { PublishResult } from '../../app/publisher.js';
import type { MessageDecision } from '../../core/bot.js';
import { parseCommand, type Command } from '../../core/commands.js';
import { notice, type Reply } from '../../core/reply.js';
import type { TeamsConversationStore } from '../../store/teams-conversations.js';
import { translate, type IncomingActivity, type TeamsEvent, type Where } from './activity.js';
import { renderTeams, type TeamsMessage } from './render.js';

// One turn: translate the activity, remember where the conversation is (for proactive digests), deduplicate,
// hand the request to the core bot, render, send. The SDK specifics (TurnContext, ConnectorClient) stay in
// server.ts; this file only sees an activity and a `send`.

/** What an activity led to; reported to `onOutcome` (tests, benchmarks) after any reply was sent, and logged at debug. */
export interface TeamsOutcome {
  activityId?: string;
  conversationId?: string;
  event: TeamsEvent['kind'];
  decision?:
    | MessageDecision
    | { kind: 'ignore'; reason: 'duplicate' | 'triggers-off' }
    | { kind: 'command'; command: Command['name'] };
  posted?: PublishResult;
}

export interface TeamsTurnDeps {
  ctx: AppContext;
  conversations: TeamsConversationStore;
  onOutcome?: (outcome: TeamsOutcome) => void;
}

export interface Turn {
  activity: IncomingActivity;
  /** Sends the messages as replies to the incoming activity (in its thread in a channel). Never throws. */
  send(messages: TeamsMessage[]): Promise<PublishResult>;
}

export const ERROR_TEXT = 'Sorry, something went wrong while answering. The error was logged.';

export const teamsThreadKey = (conversationId: string, rootId: string) => `teams:${conversationId}:${rootId}`;

export async function handleTurn(deps: TeamsTurnDeps, turn: Turn): Promise<TeamsOutcome> {
  const { ctx } = deps;
  const a = turn.activity;
  const event = translate(a);
  const base: Pick<TeamsOutcome, 'activityId' | 'conversationId' | 'event'> = {
    ...(a.id ? { activityId: a.id } : {}),
    ...('where' in event ? { conversationId: event.where.conversationId } : {}),
    event: event.kind,
  };
  const report = (rest: Omit<TeamsOutcome, keyof typeof base> = {}): TeamsOutcome => {
    const outcome = { ...base, ...rest };
    ctx.logger.debug(
      {
        teams: { activityId: a.id, conversationId: base.conversationId, event: event.kind },
        decision: rest.decision?.kind,
      },
      'Teams activity',
    );
    deps.onOutcome?.(outcome);
    return outcome;
  };
  if (event.kind === 'ignore') return report();
  remember(deps, event);
  if (event.kind === 'installed' || event.kind === 'removed') return report();

  const now = ctx.clock();
  if (a.id && !ctx.stores.seenEvents.firstSeen(`teams:activity:${event.where.conversationId}:${a.id}`, now)) {
    return report({ decision: { kind: 'ignore', reason: 'duplicate' } });
  }
  if (event.kind === 'command') {
    const posted = await turn.send(renderTeams(await run(ctx, event.command, event.user, event.where)));
    return report({ decision: { kind: 'command', command: event.command.name }, posted });
  }
  // With triggers disabled only direct requests (mentions, 1:1 chats) are answered.
  if (!ctx.config.file.triggers.enabled && !event.mentionsBot)
    return report({ decision: { kind: 'ignore', reason: 'triggers-off' } });
  const key = event.where.threadRootId
    ? teamsThreadKey(event.where.conversationId, event.where.threadRootId)
    : undefined;
  const threadBriefingId = key ? ctx.stores.threads.get(key) : undefined;
  const decision = ctx.bot.handleMessage({
    channel: `teams:${event.where.conversationId}`,
    user: event.user,
    text: event.text,
    fromBot: event.fromBot,
    mentionsBot: event.mentionsBot,
    ...(threadBriefingId ? { threadBriefingId } : {}),
  });
  if (decision.kind === 'answer') {
    if (key) ctx.stores.threads.set(key, decision.briefingId);
    return report({ decision, posted: await turn.send(renderTeams(decision.reply)) });
  }
  // A direct request never goes unanswered: a mention that is no trigger is read as a command (a question -> ask).
  if (event.mentionsBot && !event.fromBot) {
    const command = parseCommand(event.text);
    return report({ decision, posted: await turn.send(renderTeams(await run(ctx, command, event.user, event.where))) });
  }
  return report({ decision });
}

/** The one error boundary of a command: the user gets a short notice, the log the detail. */
async function run(ctx: AppContext, command: Command, user: string, where: Where): Promise<Reply> {
  try {
    return await ctx.bot.handleCommand(command, {
      user,
      channel: `teams:${where.conversationId}`,
      isAdmin: ctx.isAdmin([user]),
    });
  } catch (error) {
    ctx.logger.error({ err: error, command: command.name }, 'Teams command failed');
    return notice(ERROR_TEXT, 'error');
  }
}

/** Keeps the conversation reference current: install, first message, and every message after (service URLs move). */
function remember(deps: TeamsTurnDeps, event: Extract<TeamsEvent, { where: Where }>): void {
  const { where } = event;
  const now = deps.ctx.clock();
  if (event.kind === 'removed') {
    deps.conversations.markRemoved(where.conversationId, now);
    deps.ctx.logger.info(
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
    deps.ctx.logger.info(
      { destination: `teams:${where.conversationId}`, kind: where.kind, label: where.label },
      'Teams: conversation recorded; digests can go to this destination',
    );
  }
}
