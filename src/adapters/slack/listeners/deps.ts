import type { AppContext } from '../../../app/context.js';
import type { MessageDecision } from '../../../core/bot.js';
import type { PublishResult } from '../../../app/publisher.js';
import type { SlackPublisher } from '../publisher.js';

/** What a message event led to; reported to `onMessageOutcome` (tests, benchmarks) and logged at debug. */
export interface MessageOutcome {
  eventId?: string;
  channel: string;
  ts: string;
  decision: MessageDecision | { kind: 'ignore'; reason: 'duplicate' | 'subtype' };
  posted?: PublishResult;
}

export interface SlackListenerDeps {
  ctx: AppContext;
  publisher: SlackPublisher;
  onMessageOutcome?: (outcome: MessageOutcome) => void;
}
