import type { App, RespondArguments, RespondFn } from '@slack/bolt';
import type { CommandContext } from '../../../core/bot.js';
import { commandTiming, parseCommand, type Command } from '../../../core/commands.js';
import { isShareable } from '../../../core/presentation/wording.js';
import { plural } from '../../../core/plural.js';
import type { Reply } from '../../../core/reply.js';
import type { CommandOutcome, SendResult } from '../../../app/conversation.js';
import type { SlackBlock, SlackMessage } from '../blocks.js';
import { context } from '../blocks.js';
import { SLACK_LIMITS } from '../limits.js';
import { renderSlack } from '../render.js';
import type { SlackListenerDeps } from './deps.js';

export const SLASH_COMMAND = '/govai';
export const SHARE_ACTION_ID = 'govai_share';

// `inline` commands (their spec's timing) are answered inside the ack (Slack shows the ack body at once); `deferred`
// ones are acked empty first and answered through response_url, so slow work never risks Slack's 3-second limit.

export function registerCommand(app: App, deps: SlackListenerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    const parsed = parseCommand(command.text ?? '');
    const caller = commandContext(deps, command.user_id, command.channel_id);
    const responseType = deps.settings.responseType;
    const share = responseType === 'ephemeral' ? shareButton(command.text ?? '') : undefined;
    const inline = commandTiming(parsed.name) === 'inline';
    let acked = false;
    // Replayed slash commands (same trigger_id) are dropped by the receiver before they get here.
    const acknowledge = async () => {
      acked = true;
      await ack();
    };
    await run(deps, parsed, caller, command.trigger_id, inline ? undefined : acknowledge, async (reply) => {
      const messages = withBlock(renderSlack(reply), isShareable(reply) ? share : undefined);
      if (!acked) {
        const [first, ...rest] = messages;
        acked = true;
        await ack({ response_type: responseType, text: first!.text, blocks: first!.blocks });
        // The ack body is not a response_url use: all 5 remain for the continuation parts.
        await respondAll(respond, rest, { response_type: responseType }, 0);
      } else await respondAll(respond, messages, { response_type: responseType }, 0);
      return { ok: true };
    });
  });
}

/**
 * Runs a command through the conversation owner (its one error boundary: the user gets ERROR_TEXT, the log the detail).
 */
export function run(
  deps: SlackListenerDeps,
  command: Command,
  caller: CommandContext,
  ref: string | undefined,
  acknowledge: (() => Promise<unknown>) | undefined,
  send: (reply: Reply) => Promise<SendResult>,
): Promise<CommandOutcome> {
  return deps.conversation.command(
    {
      platform: 'slack',
      command,
      caller,
      ...(ref !== undefined ? { ref } : {}),
      ...(acknowledge ? { acknowledge } : {}),
    },
    send,
  );
}

export function commandContext(deps: SlackListenerDeps, userId: string, channelId: string | undefined): CommandContext {
  return {
    user: `slack:${userId}`,
    channel: `slack:${channelId ?? ''}`,
    isAdmin: deps.ctx.isAdmin([`slack:${userId}`]),
  };
}

/**
 * Sends messages through response_url, which accepts 5 uses: a reply longer than that says so in its
 * last part instead of losing the rest silently.
 */
export async function respondAll(
  respond: RespondFn,
  messages: readonly SlackMessage[],
  extra: Partial<RespondArguments>,
  usedAlready: number,
): Promise<void> {
  const room = SLACK_LIMITS.responseUrlUses - usedAlready;
  const sendable = messages.slice(0, room);
  const dropped = messages.length - sendable.length;
  for (const [i, m] of sendable.entries()) {
    const blocks =
      dropped > 0 && i === sendable.length - 1
        ? [
            ...m.blocks,
            ...context([`_${plural(dropped, 'more part')} did not fit Slack's reply limit: try a narrower command._`]),
          ]
        : m.blocks;
    await respond({ ...extra, text: m.text, blocks } as RespondArguments);
  }
}

function shareButton(text: string): SlackBlock | undefined {
  const value = JSON.stringify({ text });
  if (value.length > SLACK_LIMITS.buttonValue) return undefined;
  return {
    type: 'actions',
    block_id: 'govai_share',
    elements: [
      { type: 'button', action_id: SHARE_ACTION_ID, text: { type: 'plain_text', text: 'Share in channel' }, value },
    ],
  };
}

/** Appends a block to the last message (renderSlack always leaves room for one). */
function withBlock(messages: SlackMessage[], block: SlackBlock | undefined): SlackMessage[] {
  if (!block || messages.length === 0) return messages;
  const last = messages.at(-1)!;
  return [...messages.slice(0, -1), { ...last, blocks: [...last.blocks, block] }];
}
