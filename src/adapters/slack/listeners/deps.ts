import type { AppContext } from '../../../app/context.js';
import type { ChatOutcome, Conversation } from '../../../app/conversation.js';
import type { PublishResult } from '../../../app/publisher.js';
import type { SlackPublisher } from '../publisher.js';

/** What a message event led to (the conversation owner's outcome, with Slack's ids); reported to `onMessageOutcome`. */
export interface MessageOutcome {
  eventId?: string;
  channel: string;
  ts: string;
  decision: ChatOutcome['decision'];
  posted?: PublishResult;
}

/** Slack's slice of the settings: read here, not from `ctx.config.file`. */
export interface SlackAdapterSettings {
  responseType: 'ephemeral' | 'in_channel';
}

export interface SlackListenerDeps {
  ctx: AppContext;
  conversation: Conversation;
  settings: SlackAdapterSettings;
  publisher: SlackPublisher;
  onMessageOutcome?: (outcome: MessageOutcome) => void;
}
