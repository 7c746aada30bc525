import { systemTime } from '../../time/system-time.js';
import type { CloudAdapter } from '@microsoft/agents-hosting';
import type { PublishOptions, PublishResult, Publisher } from '../../app/publisher.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../log/logger.js';
import type { TeamsConversationStore } from '../../store/teams-conversations.js';
import { renderTeams } from './render.js';
import { describeSendError, type SendOptions, sendMessages } from './sdk.js';

// Proactive messages (scheduled digests) to `teams:<conversation id>`. Teams lets a bot post only where it was
// installed, and only with the conversation reference captured then (turn.ts records it): no reference, or a
// conversation the bot was removed from, is a permanent failure whose message says what to do.
// The Bot Connector has no way to read what a bot posted (its REST API sends, updates and deletes activities and lists
// members; no history), so a post that got no answer cannot be looked up: it comes back `uncertain` and the scheduler
// does not re-send it on its own (see digest-run.ts). Each confirmed part's activity id is recorded as it comes
// (`onPart`), so a digest that fails between its parts resumes after the last confirmed one.

export interface TeamsPublisherOptions {
  adapter: CloudAdapter;
  appId: string;
  conversations: TeamsConversationStore;
  logger: Logger;
  send: SendOptions;
  clock?: () => number;
}

export function createTeamsPublisher(options: TeamsPublisherOptions): Publisher & { platform: 'teams' } {
  const { adapter, conversations } = options;
  return {
    platform: 'teams',
    async publish(conversationId: string, reply: Reply, publishOptions: PublishOptions = {}): Promise<PublishResult> {
      const label = `teams:${conversationId}`;
      const known = conversations.get(conversationId);
      if (!known) {
        return {
          ok: false,
          permanent: true,
          message:
            `no conversation reference for ${label}: add the govai app to that team or chat (or send it a ` +
            `message there) so Teams tells the bot where it is, then run govai doctor`,
        };
      }
      if (known.removedAt !== undefined) {
        return {
          ok: false,
          permanent: true,
          message:
            `the bot was removed from ${label} on ${new Date(known.removedAt).toISOString()}: add the app ` +
            `there again, or remove the destination`,
        };
      }
      const ref = known.reference;
      const reference = {
        serviceUrl: ref.serviceUrl,
        channelId: ref.channelId,
        conversation: ref.conversation,
        agent: ref.bot,
        ...(ref.tenantId ? { tenantId: ref.tenantId } : {}),
      };
      let result: PublishResult = { ok: false, permanent: false, message: `nothing was sent to ${label}` };
      try {
        await adapter.continueConversation(
          options.appId,
          reference as Parameters<CloudAdapter['continueConversation']>[1],
          async (context) => {
            const skip = confirmedParts(publishOptions.resumeAfter);
            result = await sendMessages(context, renderTeams(reply), options.send, label, {
              skip,
              ...(publishOptions.onPart ? { onPart: publishOptions.onPart } : {}),
              ...(publishOptions.inFlight ? { inFlight: publishOptions.inFlight } : {}),
            });
            // Every part's id, the confirmed ones first (as if posted in one go).
            if (result.ok && skip > 0)
              result = { ok: true, messageIds: [...publishOptions.resumeAfter!.slice(0, skip), ...result.messageIds] };
          },
        );
      } catch (error) {
        result = describeSendError(error, label);
      }
      if (!result.ok && result.permanent && /not in .* any more/.test(result.message)) {
        // Remember it, so the next digest fails at once with the same reason instead of calling Teams again.
        conversations.markRemoved(conversationId, (options.clock ?? systemTime.now)());
      }
      if (!result.ok)
        options.logger.warn(
          { destination: label, permanent: result.permanent, uncertain: result.uncertain },
          result.message,
        );
      return result;
    },
    parts: (reply) => renderTeams(reply).length,
  };
}

/** The confirmed parts are a prefix (each is recorded before the next is sent). */
function confirmedParts(ids: readonly string[] | undefined): number {
  let n = 0;
  while (ids && n < ids.length && ids[n]) n++;
  return n;
}
