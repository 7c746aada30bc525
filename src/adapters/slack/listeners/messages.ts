import type { App } from '@slack/bolt';
import { renderSlack } from '../render.js';
import type { MessageOutcome, SlackListenerDeps } from './deps.js';

// Keyword-triggered Q&A. Slack delivers a message that mentions the bot twice (a `message` and an
// `app_mention` event, with different event ids) and retries slow events with the same event id:
// both are deduplicated here so each message gets at most one answer, always in its thread.

interface MessageLike {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  text?: string;
  bot_id?: string;
  subtype?: string;
}

// Subtypes that are still a person writing; edits, deletions, joins and the like are ignored.
const ANSWERABLE_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

export function registerMessages(app: App, deps: SlackListenerDeps): void {
  app.event('message', async ({ event, body, context }) => {
    await handle(deps, event as unknown as MessageLike, body.event_id, context.botUserId, false);
  });
  app.event('app_mention', async ({ event, body, context }) => {
    await handle(deps, event as unknown as MessageLike, body.event_id, context.botUserId, true);
  });
}

export const threadKey = (channel: string, rootTs: string) => `slack:${channel}:${rootTs}`;

async function handle(deps: SlackListenerDeps, e: MessageLike, eventId: string | undefined, botUserId: string | undefined, isMention: boolean) {
  const { ctx } = deps;
  const now = ctx.clock();
  const report = (decision: MessageOutcome['decision'], posted?: MessageOutcome['posted']) => {
    const outcome: MessageOutcome = { ...(eventId ? { eventId } : {}), channel: e.channel, ts: e.ts, decision, ...(posted ? { posted } : {}) };
    ctx.logger.debug({ slack: { channel: e.channel, ts: e.ts, eventId }, decision: decision.kind === 'ignore' ? decision.reason : 'answer' }, 'Slack message');
    deps.onMessageOutcome?.(outcome);
  };
  if (eventId && !ctx.stores.seenEvents.firstSeen(`slack:event:${eventId}`, now)) return report({ kind: 'ignore', reason: 'duplicate' });
  if (!ANSWERABLE_SUBTYPES.has(e.subtype)) return report({ kind: 'ignore', reason: 'subtype' });
  const text = e.text ?? '';
  const mentionsBot = isMention || (botUserId !== undefined && text.includes(`<@${botUserId}>`));
  if (!ctx.stores.seenEvents.firstSeen(`slack:message:${e.channel}:${e.ts}`, now)) return report({ kind: 'ignore', reason: 'duplicate' });

  // With triggers disabled only direct requests (mentions) are answered.
  if (!ctx.config.file.triggers.enabled && !mentionsBot) return report({ kind: 'ignore', reason: 'no-term' });
  const root = e.thread_ts ?? e.ts;
  const threadBriefingId = e.thread_ts ? ctx.stores.threads.get(threadKey(e.channel, e.thread_ts)) : undefined;
  const decision = ctx.bot.handleMessage({
    channel: `slack:${e.channel}`,
    user: `slack:${e.user ?? ''}`,
    text,
    fromBot: Boolean(e.bot_id) || e.subtype === 'bot_message' || (botUserId !== undefined && e.user === botUserId),
    mentionsBot,
    ...(threadBriefingId ? { threadBriefingId } : {}),
  });
  if (decision.kind !== 'answer') return report(decision);
  ctx.stores.threads.set(threadKey(e.channel, root), decision.briefingId);
  const posted = await deps.publisher.postMessages(e.channel, renderSlack(decision.reply, { continuation: 'thread' }), { threadTs: root });
  report(decision, posted);
}
