import type { CommandContext, MessageDecision } from '../core/bot.js';
import { COMMAND_SPECS, parseCommand, type Command } from '../core/commands.js';
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
  /**
   * Platform-local channel id the trigger rules see (a Discord thread's parent channel); '' on a one-channel platform
   * (the console).
   */
  channel: string;
  user: string;
  text: string;
  fromBot: boolean;
  mentionsBot: boolean;
  /**
   * Conversation places this message continues, platform-local (`thread:C1:171.0`, `answer:99`): the first remembered
   * wins.
   */
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

/** A command as the adapter translated it: `/govai ...`, a slash command, an @mention starting with a command word. */
export interface IncomingCommand {
  platform: string;
  command: Command;
  caller: CommandContext;
  /** Ids of this delivery (platform-local, as for messages); a repeat is a replay and gets no second reply. */
  dedupe?: readonly string[];
  /** Opaque to the owner: the platform request id, for outcomes. */
  ref?: string;
  /** Called after the replay check and before the work: how `deferred` commands (their spec's timing) are acked. */
  acknowledge?: () => Promise<unknown>;
}

export interface CommandOutcome {
  platform: string;
  ref?: string;
  command: Command['name'];
  /** What was sent (ERROR_TEXT when the command failed); absent for a replay. */
  reply?: Reply;
  failed: boolean;
  duplicate?: boolean;
  posted?: SendResult;
}

export interface Conversation {
  /** A chat message (not a command): decides, answers through `send`, reports the outcome. Never throws. */
  message(incoming: IncomingChat, send: (reply: Reply) => Promise<SendResult>): Promise<ChatOutcome>;
  /**
   * A command: dedupe, the bot call behind the one error boundary (ERROR_TEXT on failure, also when posting the
   * reply threw), `send`, and the outcome reported after the post finished. Never throws.
   */
  command(incoming: IncomingCommand, send: (reply: Reply) => Promise<SendResult>): Promise<CommandOutcome>;
  /** Reports an outcome an adapter decided itself (an ignored subtype, a replay it caught first). */
  report(outcome: ChatOutcome): void;
}

export interface ConversationHooks {
  /** Every message outcome, after any post finished: what tests and the contract suite await. */
  onOutcome?: (outcome: ChatOutcome) => void;
  /** Every command outcome, after the reply was posted (or a replay was dropped). */
  onCommand?: (outcome: CommandOutcome) => void;
}

// Every command name of the shared grammar, plus the aliases parseCommand accepts.
const COMMAND_WORDS = new Set<string>([...COMMAND_SPECS.map((c) => c.name), 'brief', 'briefing', 'ls', 'find', '?']);

/**
 * Text addressed to the bot (a direct message, an @mention with the mention removed) is a command when it starts
 * with a command word or `govai` (`summary`, `govai list`, `/govai help`); anything else is a question for the
 * conversation. The one rule for every platform where commands are typed as text.
 */
export function directCommand(text: string): Command | undefined {
  const t = text.trim();
  const first = t.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (t === '' || COMMAND_WORDS.has(first) || /^\/?govai\b/i.test(t)) return parseCommand(t.replace(/^\//, ''));
  return undefined;
}

/** `slack:C1`; the console's single channel and user are plain `console`, as in the config's `triggers.channels`. */
const qualified = (platform: string, id: string) => (id === '' ? platform : `${platform}:${id}`);

const errorReply = () => notice(ERROR_TEXT, 'error');

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
  /** Records every id (no short-circuit: a later delivery carrying only the second id is a replay too). */
  const fresh = (platform: string, ids: readonly string[]) => {
    const now = ctx.clock();
    return ids.map((id) => stores.seenEvents.firstSeen(`${platform}:${id}`, now)).every(Boolean);
  };
  /** Posts, and when posting itself threw, tries once more with ERROR_TEXT so the user is not left waiting. */
  const post = async (
    p: string,
    ref: string | undefined,
    reply: Reply,
    send: (reply: Reply) => Promise<SendResult>,
  ): Promise<{ posted: SendResult; failed: boolean }> => {
    try {
      return { posted: await send(reply), failed: false };
    } catch (error) {
      logger.error({ err: error, platform: p, ref }, 'could not post the reply');
      try {
        return { posted: await send(errorReply()), failed: true };
      } catch (inner) {
        return { posted: { ok: false, message: (inner as Error)?.message ?? String(inner) }, failed: true };
      }
    }
  };
  return {
    report: (o) => void report(o),
    async message(incoming, send) {
      const p = incoming.platform;
      const base = { platform: p, ...(incoming.ref !== undefined ? { ref: incoming.ref } : {}) };
      try {
        if (!fresh(p, incoming.dedupe)) return report({ ...base, decision: { kind: 'ignore', reason: 'duplicate' } });
        const threadBriefingId = (incoming.continues ?? [])
          .map((k) => stores.threads.get(`${p}:${k}`))
          .find((id) => id !== undefined);
        const message = {
          channel: qualified(p, incoming.channel),
          user: qualified(p, incoming.user),
          text: incoming.text,
          fromBot: incoming.fromBot,
          mentionsBot: incoming.mentionsBot,
          ...(threadBriefingId ? { threadBriefingId } : {}),
        };
        // With a model configured the offline answer is replaced by its verified one (same decision otherwise).
        const decision = await bot.groundMessage(bot.handleMessage(message), message);
        if (decision.kind === 'ignore') return report({ ...base, decision });
        const { posted } = await post(p, incoming.ref, decision.reply, send);
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
        // A direct request (a mention, a DM) gets ERROR_TEXT; passive listening never posts an error into a channel.
        logger.error({ err: error, platform: p, ref: incoming.ref }, 'chat message failed');
        const failed = { ...base, decision: { kind: 'ignore', reason: 'failed' } as const };
        if (!incoming.mentionsBot || incoming.fromBot) return report(failed);
        const { posted } = await post(p, incoming.ref, errorReply(), send);
        return report({ ...failed, posted });
      }
    },
    async command(incoming, send) {
      const { platform, command, caller } = incoming;
      const base = { platform, command: command.name, ...(incoming.ref !== undefined ? { ref: incoming.ref } : {}) };
      const done = (outcome: CommandOutcome) => {
        hooks.onCommand?.(outcome);
        return outcome;
      };
      let reply: Reply;
      let failed = false;
      try {
        if (!fresh(platform, incoming.dedupe ?? [])) return done({ ...base, failed: false, duplicate: true });
        await incoming.acknowledge?.();
        reply = await bot.handleCommand(command, caller);
      } catch (error) {
        logger.error({ err: error, platform, command: command.name }, 'command failed');
        reply = errorReply();
        failed = true;
      }
      const sent = await post(platform, incoming.ref, reply, send);
      if (!sent.posted.ok)
        logger.error({ platform, command: command.name, error: sent.posted.message }, 'could not post the reply');
      return done({
        ...base,
        reply: sent.failed ? errorReply() : reply,
        failed: failed || sent.failed,
        posted: sent.posted,
      });
    },
  };
}
