import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { parseCommand } from '../../../core/commands.js';
import { OPEN_ARTICLE_ACTION_ID, renderSlack } from '../render.js';
import { SHARE_ACTION_ID, commandContext, respondAll, run } from './command.js';
import type { SlackListenerDeps } from './deps.js';

// "Share in channel" on an ephemeral reply: the button carries the command text, which is run again
// (the answer is deterministic) and posted in the channel through the same response_url.
export function registerShareAction(app: App, deps: SlackListenerDeps): void {
  // "Open article" is a link button: Slack opens the URL and still sends a block action, acknowledged here so the
  // button shows no error.
  app.action({ action_id: OPEN_ARTICLE_ACTION_ID }, async ({ ack }) => {
    await ack();
  });
  app.action<BlockAction<ButtonAction>>({ action_id: SHARE_ACTION_ID }, async ({ ack, body, action, respond }) => {
    await ack();
    let text = '';
    try {
      text = String((JSON.parse(action.value ?? '{}') as { text?: unknown }).text ?? '');
    } catch {
      deps.ctx.logger.warn({ value: action.value }, 'Slack share button with an unreadable value');
      return;
    }
    await run(
      deps,
      parseCommand(text),
      commandContext(deps, body.user.id, body.channel?.id),
      action.action_ts,
      undefined,
      async (reply) => {
        // One response_url use is kept for replacing the ephemeral original.
        await respondAll(respond, renderSlack(reply), { response_type: 'in_channel', replace_original: false }, 1);
        return { ok: true };
      },
    );
    await respond({ replace_original: true, text: 'Shared in the channel.' });
  });
}
