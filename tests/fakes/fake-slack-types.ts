// The fake Slack's public shape (tests/fakes/fake-slack-api.ts): what tests can record, script and assert on.

export const FAKE_AUTH = {
  ok: true,
  team_id: 'T1',
  user_id: 'UBOT',
  bot_id: 'B1',
  user: 'govai',
  team: 'Fake',
  url: 'https://fake.slack.test/',
} as const;

export const DEFAULT_SCOPES = [
  'commands',
  'chat:write',
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
];

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  token?: string;
  /** HTTP status the fake answered with. */
  status: number;
  /** Slack `error` when ok:false. */
  error?: string;
  at: number;
}

export interface PostedMessage {
  channel: string;
  text?: string;
  /** Decoded from the JSON string the client sends. */
  blocks?: Array<Record<string, unknown>>;
  thread_ts?: string;
  ts: string;
  /** Decoded message metadata ({ event_type, event_payload }). */
  metadata?: Record<string, unknown>;
  params: Record<string, unknown>;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeSlackApi {
  url: string;
  apiUrl: string;
  calls: ApiCall[];
  posts: PostedMessage[];
  responses: ResponseUrlPost[];
  scopes: string[];
  authError: string | undefined;
  notMember: Set<string>;
  channelErrors: Map<string, string>;
  rateLimit(method: string, times: number, retryAfterSeconds?: number): void;
  serverError(method: string, times: number, status?: number): void;
  slowAnswers(method: string, times: number, delayMs: number): void;
  holdAnswers(method: string, times: number): { release(): void };
  responseUrl(id: string): string;
  /** Sends a Socket Mode envelope to the connected client; resolves to the payload of its ack. */
  socketSend(
    type: 'slash_commands' | 'events_api' | 'interactive',
    payload: Record<string, unknown>,
    timeoutMs?: number,
    connection?: number,
  ): Promise<Record<string, unknown>>;
  /** Open Socket Mode connections. */
  socketConnections(): number;
  waitFor<T>(pred: () => T | undefined, timeoutMs?: number, what?: string): Promise<T>;
  close(): Promise<void>;
}
