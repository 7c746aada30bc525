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
      /**
       * The platform may have posted it: the request left but no answer came (a timeout, a connection reset).
       * Not a failure to re-send blindly: the caller resolves it (`Publisher.find`) before posting again.
       */
      uncertain?: boolean;
    };

export interface PublishOptions {
  /**
   * The same key means the same message (at most 25 characters). A retry after a crash reuses it, so a platform that
   * can deduplicate (Discord: `nonce` + `enforce_nonce: true`) does not post twice, and a platform that can carry it
   * (Slack: message `metadata`) can be searched for it. Optional for implementations.
   */
  idempotencyKey?: string;
  /** Message ids of the parts already confirmed: only the parts after them are posted (into the same thread). */
  resumeAfter?: readonly string[];
  /**
   * Called as each part is confirmed, to record it at once. Returning false (the record could not be written)
   * stops the post there: nothing further goes out that could not be recorded.
   */
  onPart?: (index: number, messageId: string) => boolean;
  /**
   * For a platform that cannot be asked what was posted (Teams): called around each request, `begin` before it
   * leaves and `settle` once its answer is known (accepted and recorded, or refused so nothing was posted), so the
   * delivery log marks a send "in flight" only while its outcome really is unknown (a crash or timeout then).
   */
  inFlight?: { begin(): void; settle(): void };
}

/** What a platform shows of an earlier post with this key: the parts found, first one first (possibly none). */
export type FindResult = { ok: true; messageIds: string[] } | { ok: false; message: string; retryAfterMs?: number };

export interface FindOptions {
  /** When the first attempt began: nothing older needs reading. */
  sinceMs: number;
  /** How many parts the post has. */
  parts: number;
  /** Message ids of parts already confirmed (the thread to search for the rest). */
  known?: readonly string[];
}

export interface Publisher {
  readonly platform: 'slack' | 'discord' | 'teams' | 'console';
  /** Sends a reply to a channel id of this platform (without the `slack:` prefix). Never throws. */
  publish(channelId: string, reply: Reply, options?: PublishOptions): Promise<PublishResult>;
  /**
   * Looks on the platform for a post made with this idempotency key (an uncertain or crash-interrupted send).
   * Absent where the platform cannot be asked. Never throws.
   */
  find?(channelId: string, reply: Reply, key: string, options: FindOptions): Promise<FindResult>;
  /** Parts this reply is posted as (for `find`). */
  parts?(reply: Reply): number;
}
