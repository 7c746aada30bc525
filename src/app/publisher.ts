import type { Reply } from '../core/reply.js';

// The publish port: how scheduled digests (and anything else not answering a user) reach a channel.
// Each adapter implements it; the scheduler never knows which platform it talks to.

export type PublishResult =
  | { ok: true /** Platform message ids (ts on Slack), first one first. */; messageIds: string[] }
  | {
      ok: false;
      /** Permanent: retrying cannot help (channel not found, bot not in channel, no access). */
      permanent: boolean;
      message: string;
      /** When the platform said how long to wait (429 Retry-After), in ms. */
      retryAfterMs?: number;
    };

export interface PublishOptions {
  /**
   * The same key means the same message (at most 25 characters). A retry after a crash reuses it, so a platform that
   * can deduplicate (Discord: `nonce` + `enforce_nonce: true`) does not post twice. Optional for implementations.
   */
  idempotencyKey?: string;
}

export interface Publisher {
  readonly platform: 'slack' | 'discord' | 'teams' | 'console';
  /** Sends a reply to a channel id of this platform (without the `slack:` prefix). Never throws. */
  publish(channelId: string, reply: Reply, options?: PublishOptions): Promise<PublishResult>;
}
