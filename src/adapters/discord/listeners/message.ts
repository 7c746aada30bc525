import type { Message } from 'discord.js';
import type { AppContext } from '../../../app/context.js';
import { renderDiscord } from '../render.js';
import type { DiscordRuntime } from '../runtime.js';
import { toSendOptions as options } from '../send-options.js';

// Keyword-triggered Q&A: a message that mentions a watched term and asks something (or mentions the bot)
// gets a reply with the quote, the citation and the matched term. The core decides (cooldowns, confidence);
// this listener only translates. Silence is the default.

/** Thread-memory keys: a thread, or one of the bot's answers a user replies to. */
export const threadKey = (channelId: string) => `discord:thread:${channelId}`;
export const answerKey = (messageId: string) => `discord:answer:${messageId}`;

export async function onMessage(ctx: AppContext, rt: DiscordRuntime, message: Message): Promise<void> {
  const me = message.client.user?.id;
  if (message.author.id === me) return;
  if (!ctx.config.file.triggers.enabled) return;
  if (!ctx.stores.seenEvents.firstSeen(`discord:message:${message.id}`, ctx.clock())) return;
  const inThread = message.channel.isThread();
  const threadBriefingId = inThread
    ? ctx.stores.threads.get(threadKey(message.channelId))
    : message.reference?.messageId
      ? ctx.stores.threads.get(answerKey(message.reference.messageId))
      : undefined;
  const mentionsBot = me !== undefined && message.mentions.users.has(me);
  const decision = ctx.bot.handleMessage({
    channel: `discord:${inThread && message.channel.parentId ? message.channel.parentId : message.channelId}`,
    user: `discord:${message.author.id}`,
    // Mentions of the bot are chat noise for the answerer; other text stays as written.
    text: me ? message.content.replaceAll(`<@${me}>`, ' ').replaceAll(`<@!${me}>`, ' ').trim() : message.content,
    fromBot: message.author.bot || message.webhookId !== null,
    mentionsBot,
    ...(threadBriefingId ? { threadBriefingId } : {}),
  });
  if (decision.kind !== 'answer') {
    ctx.logger.debug({ reason: decision.reason, channel: message.channelId, degraded: rt.degraded }, 'discord: message ignored');
    return;
  }
  const payloads = renderDiscord(decision.reply, { allowedMentions: ctx.config.file.discord.allowedMentions });
  try {
    let first = true;
    for (const p of payloads) {
      // The first part replies to the asker's message; continuations follow in the same channel or thread.
      const channel = message.channel;
      const sent = first || !('send' in channel) ? await message.reply(options(p)) : await channel.send(options(p));
      if (first) ctx.stores.threads.set(answerKey(sent.id), decision.briefingId);
      first = false;
    }
    if (inThread) ctx.stores.threads.set(threadKey(message.channelId), decision.briefingId);
    ctx.logger.info({ channel: message.channelId, term: decision.term, briefing: decision.briefingId }, 'discord: answered a keyword question');
  } catch (error) {
    ctx.logger.error({ err: error, channel: message.channelId }, 'discord: could not send the answer');
  }
}
