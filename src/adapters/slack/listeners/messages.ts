import type { App } from '@slack/bolt';
import type { PublishResult } from '../../../app/publisher.js';
import { renderSlack } from '../render.js';
import { directCommand } from '../../../app/conversation.js';
import { commandContext } from './command.js';
import type { SlackListenerDeps } from './deps.js';

// Keyword-triggered Q&A: translation only. Slack delivers a message that mentions the bot twice (a `message` and an
// `app_mention` event, with different event ids) and retries slow events with the same event id; the conversation
// owner (src/app/conversation.ts) drops the replays by the ids given here, so each message gets at most one answer,
// always in its thread.

interface MessageLike {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  text?: string;
  bot_id?: string;
  subtype?: string;
  /** `im` for a direct message to the bot (the App Home messages tab, `message.im`). */
  channel_type?: string;
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

/** Thread-memory place of a Slack thread (platform-local; the owner prefixes `slack:`). */
export const threadPlace = (channel: string, rootTs: string) => `thread:${channel}:${rootTs}`;

async function handle(
  deps: SlackListenerDeps,
  e: MessageLike,
  eventId: string | undefined,
  botUserId: string | undefined,
  isMention: boolean,
) {
  const ids = { ...(eventId ? { eventId } : {}), channel: e.channel, ts: e.ts };
  if (!ANSWERABLE_SUBTYPES.has(e.subtype)) {
    deps.onMessageOutcome?.({ ...ids, decision: { kind: 'ignore', reason: 'skipped' } });
    return;
  }
  const text = e.text ?? '';
  const fromBot = Boolean(e.bot_id) || e.subtype === 'bot_message' || (botUserId !== undefined && e.user === botUserId);
  const dedupe = [...(eventId ? [`event:${eventId}`] : []), `message:${e.channel}:${e.ts}`];
  // A direct message is addressed to the bot: commands typed as text run, anything else is a question to answer
  // without a watched term. Replies go straight into the DM (a thread is for channels).
  const direct = e.channel_type === 'im';
  const command = direct && !fromBot ? directCommand(text) : undefined;
  if (command) {
    await deps.conversation.command(
      {
        platform: 'slack',
        command,
        dedupe,
        ref: e.ts,
        caller: commandContext(deps, e.user ?? '', e.channel),
      },
      async (reply) => {
        const result = await deps.publisher.postMessages(e.channel, renderSlack(reply));
        return result.ok ? { ok: true } : { ok: false, message: result.message };
      },
    );
    return;
  }
  const root = e.thread_ts ?? e.ts;
  let posted: PublishResult | undefined;
  const outcome = await deps.conversation.message(
    {
      platform: 'slack',
      dedupe,
      channel: e.channel,
      user: e.user ?? '',
      text,
      fromBot,
      mentionsBot: direct || isMention || (botUserId !== undefined && text.includes(`<@${botUserId}>`)),
      continues: e.thread_ts ? [threadPlace(e.channel, e.thread_ts)] : [],
      answerPlaces: [threadPlace(e.channel, root)],
      ref: e.ts,
    },
    async (reply) => {
      posted =
        direct && !e.thread_ts
          ? await deps.publisher.postMessages(e.channel, renderSlack(reply))
          : await deps.publisher.postMessages(e.channel, renderSlack(reply, { continuation: 'thread' }), {
              threadTs: root,
            });
      return posted.ok ? { ok: true } : { ok: false, message: posted.message };
    },
  );
  deps.onMessageOutcome?.({ ...ids, decision: outcome.decision, ...(posted ? { posted } : {}) });
}
