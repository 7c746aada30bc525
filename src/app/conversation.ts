import type { CommandContext, MessageDecision } from '../core/bot.js';
import type { Command } from '../core/commands.js';
import { notice, type Reply } from '../core/reply.js';
import type { AppContext } from './context.js';

// The one owner of the conversation flow (after the Chat SDK's handleIncomingMessage): dedupe keys, thread memory,
// the call into the bot, the single error boundary and its one user-facing text, and outcome reporting. Adapters
// only translate: a platform event into an IncomingChat, and a Reply into a post (`send`).

/** The one text a user sees when something failed inside the bot; the detail goes to the log. */
export const ERROR_TEXT = 'Sorry, something went wrong while answering. The error was logged.';

export interface IncomingChat {
  /** `slack`, `discord`, `console`, `teams`: prefixes every key and id below. */
  platform: string;
  /**
   * Ids that identify this delivery, platform-local (`event:Ev1`, `message:C1:171.1`). A repeat of any of them is a
   * replay and is dropped (Slack sends one message as two events; gateways and webhooks retry).
   */
  dedupe: readonly string[];
  /** Platform-local channel id the trigger rules see (a Discord thread's parent channel); '' on a one-channel platform (the console). */
  channel: string;
  user: string;
  text: string;
  fromBot: boolean;
  mentionsBot: boolean;
  /** Conversation places this message continues, platform-local (`thread:C1:171.0`, `answer:99`): the first remembered wins. */
  continues?: readonly string[];
  /** Places an answer to this message will live in, remembered with its briefing for follow-ups. */
  answerPlaces?: readonly string[];
  /** Opaque to the owner: the platform message id, for outcomes. */
  ref?: string;
}

/** What the adapter did when asked to post; `placeIds` are more conversation places (the posted message ids). */
export type SendResult = { ok: true; placeIds?: readonly string[] } | { ok: false; message: string };

export type ChatOutcome = {
  platform: string;
  ref?: string;
  decision: MessageDecision | { kind: 'ignore'; reason: 'duplicate' | 'skipped' | 'failed' };
  posted?: SendResult;
};

export interface CommandOutcome {
  platform: string;
  command: Command['name'];
  reply: Reply;
  failed: boolean;
}

export interface Conversation {
  /** A chat message (not a command): decides, answers through `send`, reports the outcome. Never throws. */
  message(incoming: IncomingChat, send: (reply: Reply) => Promise<SendResult>): Promise<ChatOutcome>;
  /** A command behind the error boundary: always a Reply (ERROR_TEXT on failure), never a throw. */
  command(platform: string, command: Command, caller: CommandContext): Promise<Reply>;
  /** Reports an outcome an adapter decided itself (an ignored subtype, a replay it caught first). */
  report(outcome: ChatOutcome): void;
}

export interface ConversationHooks {
  /** Every message outcome, after any post finished: what tests and the contract suite await. */
  onOutcome?: (outcome: ChatOutcome) => void;
  onCommand?: (outcome: CommandOutcome) => void;
}

/** `slack:C1`; the console's single channel and user are plain `console`, as in the config's `triggers.channels`. */
const qualified = (platform: string, id: string) => (id === '' ? platform : `${platform}:${id}`);

export function createConversation(ctx: AppContext, hooks: ConversationHooks = {}): Conversation {
  const { logger, stores, bot } = ctx;
  const report = (outcome: ChatOutcome): ChatOutcome => {
    logger.debug(
      {
        platform: outcome.platform,
        ref: outcome.ref,
        decision: outcome.decision.kind === 'ignore' ? outcome.decision.reason : outcome.decision.kind,
      },
      'chat message',
    );
    hooks.onOutcome?.(outcome);
    return outcome;
  };
  return {
    report: (o) => void report(o),
    async message(incoming, send) {
      const p = incoming.platform;
      const base = { platform: p, ...(incoming.ref !== undefined ? { ref: incoming.ref } : {}) };
      try {
        const now = ctx.clock();
        // Every id is recorded (no short-circuit): a later event carrying only the second id is a replay too.
        const fresh = incoming.dedupe.map((id) => stores.seenEvents.firstSeen(`${p}:${id}`, now));
        if (fresh.some((f) => !f)) return report({ ...base, decision: { kind: 'ignore', reason: 'duplicate' } });
        const threadBriefingId = (incoming.continues ?? [])
          .map((k) => stores.threads.get(`${p}:${k}`))
          .find((id) => id !== undefined);
        const decision = bot.handleMessage({
          channel: qualified(p, incoming.channel),
          user: qualified(p, incoming.user),
          text: incoming.text,
          fromBot: incoming.fromBot,
          mentionsBot: incoming.mentionsBot,
          ...(threadBriefingId ? { threadBriefingId } : {}),
        });
        if (decision.kind === 'ignore') return report({ ...base, decision });
        const posted = await send(decision.reply);
        if (decision.kind === 'answer' && posted.ok) {
          for (const place of [...(incoming.answerPlaces ?? []), ...(posted.placeIds ?? [])])
            stores.threads.set(`${p}:${place}`, decision.briefingId);
        }
        if (!posted.ok)
          logger.error({ platform: p, ref: incoming.ref, error: posted.message }, 'could not post the answer');
        else if (decision.kind === 'answer')
          logger.info(
            { platform: p, channel: incoming.channel, trigger: decision.trigger.kind, briefing: decision.briefingId },
            'answered a chat message',
          );
        return report({ ...base, decision, posted });
      } catch (error) {
        // The single error boundary of a chat message: logged, reported, never a crash or an unhandled rejection.
        logger.error({ err: error, platform: p, ref: incoming.ref }, 'chat message failed');
        return report({ ...base, decision: { kind: 'ignore', reason: 'failed' } });
      }
    },
    async command(platform, command, caller) {
      let reply: Reply;
      let failed = false;
      try {
        reply = await bot.handleCommand(command, caller);
      } catch (error) {
        logger.error({ err: error, platform, command: command.name }, 'command failed');
        reply = notice(ERROR_TEXT, 'error');
        failed = true;
      }
      hooks.onCommand?.({ platform, command: command.name, reply, failed });
      return reply;
    },
  };
}
