import type { Message } from 'discord.js';
import { type Conversation, directCommand, type SendResult } from '../../../app/conversation.js';
import type { Reply } from '../../../core/reply.js';
import { describeDiscordError, sendWithRetry } from '../answer-retry.js';
import { renderDiscord } from '../render.js';
import type { DiscordRuntime } from '../runtime.js';
import { toSendOptions as options } from '../send-options.js';
import type { DiscordAdapterSettings } from '../settings.js';

// Keyword-triggered Q&A, translation only: a Discord message becomes an IncomingChat for the conversation owner
// (src/app/conversation.ts), which decides (triggers, cooldowns, dedupe, thread memory); the answer is rendered as
// embeds and sent as a reply. Silence is the default.

/** Thread-memory places (platform-local; the owner prefixes `discord:`): a thread, or one of the bot's answers. */
export const threadPlace = (channelId: string) => `thread:${channelId}`;
export const answerPlace = (messageId: string) => `answer:${messageId}`;

export async function onMessage(
  conversation: Conversation,
  settings: DiscordAdapterSettings,
  rt: DiscordRuntime,
  message: Message,
  isAdmin: (ids: readonly string[]) => boolean = () => false,
): Promise<void> {
  const me = message.client.user?.id;
  if (message.author.id === me) return;
  const inThread = message.channel.isThread();
  const replyTo = message.reference?.messageId;
  const fromBot = message.author.bot || message.webhookId !== null;
  // Mentions of the bot are chat noise for the answerer; other text stays as written.
  const text = me ? message.content.replaceAll(`<@${me}>`, ' ').replaceAll(`<@!${me}>`, ' ').trim() : message.content;
  // A direct message is addressed to the bot: a command typed as text runs (`summary`, `help`), anything else is
  // a question answered without a watched term.
  const direct = message.channel.isDMBased();
  const command = direct && !fromBot ? directCommand(text) : undefined;
  const post = async (reply: Reply): Promise<SendResult & { ok: true }> => {
    const placeIds: string[] = [];
    for (const [i, p] of renderDiscord(reply, { allowedMentions: settings.allowedMentions }).entries()) {
      // The first part replies to the asker's message; continuations follow in the same channel or thread.
      const channel = message.channel;
      const send: () => Promise<{ id: string }> =
        i === 0 || !('send' in channel) ? () => message.reply(options(p)) : () => channel.send(options(p));
      const sent = await sendWithRetry(send, { sleep: rt.sleep });
      if (i === 0) placeIds.push(answerPlace(sent.id));
    }
    return { ok: true, placeIds };
  };
  if (command) {
    await conversation.command(
      {
        platform: 'discord',
        command,
        dedupe: [`message:${message.id}`],
        ref: message.id,
        caller: {
          user: `discord:${message.author.id}`,
          channel: `discord:${message.channelId}`,
          isAdmin: isAdmin([`discord:${message.author.id}`]),
        },
      },
      (reply) => post(reply),
    );
    return;
  }
  await conversation.message(
    {
      platform: 'discord',
      dedupe: [`message:${message.id}`],
      channel: inThread && message.channel.parentId ? message.channel.parentId : message.channelId,
      user: message.author.id,
      text,
      fromBot,
      mentionsBot: direct || (me !== undefined && message.mentions.users.has(me)),
      continues: inThread ? [threadPlace(message.channelId)] : replyTo ? [answerPlace(replyTo)] : [],
      answerPlaces: inThread ? [threadPlace(message.channelId)] : [],
      ref: message.id,
    },
    async (reply) => {
      try {
        return await post(reply);
      } catch (error) {
        return {
          ok: false,
          message: `${describeDiscordError(error)}${rt.degraded ? ' (Message Content intent off)' : ''}`,
        };
      }
    },
  );
}
