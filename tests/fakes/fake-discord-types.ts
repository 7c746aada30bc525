import type { IncomingMessage } from 'node:http';
import type { RecordedJson } from './recorded-json.js';

// The fake Discord's public shape (tests/fakes/fake-discord.ts): what tests can record, script and assert on.

export const MESSAGE_CONTENT_INTENT = 1 << 15;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: RecordedJson;
  at: number;
}

/** A scripted answer for the next matching request, e.g. a 429 or a 403 with a Discord error code. */
export interface ScriptedResponse {
  method: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeDiscordOptions {
  /** Close the gateway with 4014 when IDENTIFY asks for the Message Content intent (it is not enabled). */
  refuseMessageContent?: boolean;
  /** Application flags returned by GET /applications/@me (1<<19: Message Content intent, limited). */
  applicationFlags?: number;
  /** Channel ids GET /channels/:id answers 403/50001 for. */
  forbiddenChannels?: string[];
  /** How long a nonce sent with `enforce_nonce` deduplicates (Discord: "the past few minutes"). Default 3 min. */
  nonceWindowMs?: number;
}

export interface FakeDiscord {
  url: string;
  apiUrl: string;
  requests: RecordedRequest[];
  identifies: Array<{ intents: number }>;
  resumes: Array<{ session_id: string; seq: number }>;
  connections: number;
  script(response: ScriptedResponse): void;
  dispatch(t: string, d: unknown): void;
  /** Makes a channel known to the client (CHANNEL_CREATE), as MESSAGE_CREATE in an uncached channel is dropped. */
  ensureChannel(id: string): void;
  /** Makes a public thread under `parentId` known to the client (THREAD_CREATE). */
  ensureThread(id: string, parentId: string): void;
  /**
   * Opens a DM channel with a user on the REST side only: Discord sends no CHANNEL_CREATE for a DM, the client
   * learns it from the first MESSAGE_CREATE (as a partial channel) and then posts to it.
   */
  openDm(id: string): void;
  /** Drops the gateway connection without a clean close; the client should RESUME and get the missed events. */
  dropConnection(): void;
  /** Sends one raw TEXT frame on the live gateway connection, as is (fuzzing: malformed JSON, wrong shapes). */
  sendRaw(frame: string): boolean;
  /** Messages the bot posted, for assertions. */
  messagesTo(path: RegExp): RecordedRequest[];
  /** Messages created in a channel (a deduplicated nonce creates none), oldest first; served by GET .../messages. */
  created(channelId: string): Array<{ id: string; nonce?: string; at: number; content: string; embeds: unknown[] }>;
  /** The next `times` channel message POSTs are carried out but answered after delayMs (Infinity: never). */
  slowPosts(times: number, delayMs: number): void;
  close(): Promise<void>;
}
