import { Activity } from '@microsoft/agents-activity';
import {
  type AuthConfiguration,
  type AuthProvider,
  CloudAdapter,
  ConnectionManager,
  HttpError,
  OutboundHostValidator,
  type TurnContext,
} from '@microsoft/agents-hosting';
import type { PublishResult } from '../../app/publisher.js';
import type { Logger } from '../../log/logger.js';
import type { TeamsRuntime } from './clouds.js';
import type { TeamsMessage } from './render.js';
import type { TokenSource } from './token-provider.js';

// The Microsoft 365 Agents SDK, wired for govai: its CloudAdapter parses activities, builds turn contexts and
// talks to the Bot Connector; govai supplies the token (client credentials, see token-provider.ts) and the list
// of hosts the bot may send to (the cloud's service URLs, enforced by the SDK's OutboundHostValidator).

export function createCloudAdapter(runtime: TeamsRuntime, tokens: TokenSource, logger: Logger): CloudAdapter {
  const authConfig: AuthConfiguration = { clientId: runtime.appId, tenantId: runtime.tenantId };
  const hosts = runtime.endpoints.serviceUrls.map((u) => new URL(u).host);
  const adapter = new CloudAdapter(
    authConfig,
    undefined,
    undefined,
    undefined,
    new OutboundHostValidator({ enabled: true, includeDefaultMicrosoftHosts: false, hosts }),
  );
  const provider = tokenProvider(authConfig, tokens);
  adapter.connectionManager = new ConnectionManager(() => provider, new Map([['serviceConnection', authConfig]]), [
    { serviceUrl: '*', connection: 'serviceConnection' },
  ]);
  // govai's turn handler has its own error boundary; the SDK's default would post "The agent encountered an error".
  adapter.onTurnError = async (_context, error) => {
    logger.error({ err: error }, 'Teams turn failed');
  };
  return adapter;
}

function tokenProvider(connectionSettings: AuthConfiguration, tokens: TokenSource): AuthProvider {
  const unsupported = async (): Promise<string> => {
    throw new Error('govai uses only the client-credentials token (no agentic or on-behalf-of flows)');
  };
  return {
    connectionSettings,
    // The scope asked for is the Bot Framework's; the cloud's own scope (e.g. api.botframework.us) is what counts.
    getAccessToken: () => tokens.getToken(),
    getAgenticApplicationToken: unsupported,
    getAgenticInstanceToken: unsupported,
    getAgenticUserToken: unsupported,
    acquireTokenOnBehalfOf: unsupported,
  } as AuthProvider;
}

export function messageActivity(message: TeamsMessage): Activity {
  return Activity.fromObject({
    type: 'message',
    summary: message.summary,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: message.card }],
  });
}

export interface SendOptions {
  sleep: (ms: number) => Promise<void>;
  /** Attempts per message when Teams throttles (429). */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for here: the caller (the scheduler) retries later. */
  maxWaitMs?: number;
  /**
   * How long one request may go unanswered (default 15 s, as Slack's and Discord's clients): the SDK's connector
   * client sets no timeout, so a hung connector would hold the send for minutes. Past it the send is *uncertain*.
   */
  timeoutMs?: number;
}

/** Where a digest resumes and how each confirmed part is recorded (publisher.ts; see PublishOptions). */
export interface PartOptions {
  /** Parts already confirmed: not sent again. */
  skip?: number;
  onPart?: (index: number, messageId: string) => boolean;
  inFlight?: { begin(): void; settle(): void };
}

/** No answer within SendOptions.timeoutMs: the activity may have been posted. */
export class SendTimeoutError extends Error {}

const DEFAULT_TIMEOUT_MS = 15_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeoutError(`no answer from the Bot Connector within ${ms} ms`)), ms);
  });
  // The request itself keeps going (the SDK takes no signal); its late answer is dropped.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends each message through the turn context, waiting out throttling (429 with Retry-After). A 403 or 404 means
 * the bot is no longer in the conversation (removed, uninstalled, or the conversation is gone): a permanent failure.
 */
export async function sendMessages(
  context: TurnContext,
  messages: readonly TeamsMessage[],
  options: SendOptions,
  label: string,
  partOptions: PartOptions = {},
): Promise<PublishResult> {
  const skip = Math.min(partOptions.skip ?? 0, messages.length);
  const ids: string[] = [];
  for (let index = skip; index < messages.length; index++) {
    const message = messages[index]!;
    const maxAttempts = options.maxAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      partOptions.inFlight?.begin();
      try {
        const res = await withTimeout(
          context.sendActivity(messageActivity(message)),
          options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        );
        // Teams always answers with the activity id; a placeholder keeps the part counted if one ever does not.
        const id = res?.id || `posted-${index + 1}`;
        ids.push(id);
        if (partOptions.onPart && !partOptions.onPart(index, id))
          return { ok: false, permanent: false, message: `stopped after part ${index + 1}: it could not be recorded` };
        partOptions.inFlight?.settle();
        break;
      } catch (error) {
        const failure = describeSendError(error, label);
        // An answer came (429, 4xx, 5xx) or the request never left: nothing was posted by this request.
        if (!failure.uncertain) partOptions.inFlight?.settle();
        const wait = failure.retryAfterMs;
        if (wait !== undefined && attempt < maxAttempts && wait <= (options.maxWaitMs ?? 60_000)) {
          await options.sleep(wait);
          continue;
        }
        const done = skip + ids.length;
        return done > 0
          ? { ...failure, message: `${failure.message} (after ${done} of ${messages.length} parts were posted)` }
          : failure;
      }
    }
  }
  return { ok: true, messageIds: ids };
}

/** Socket errors after the request may have reached the connector (as opposed to refused or unresolvable). */
const MAYBE_ARRIVED =
  /ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ETIMEDOUT|other side closed|terminated/i;

function causeText(error: unknown): string {
  const parts: string[] = [];
  let e = error as { message?: string; code?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++, e = e.cause as typeof e)
    parts.push(`${e.code ?? ''} ${e.message ?? ''}`);
  return parts.join(' | ');
}

export function describeSendError(error: unknown, label: string): Extract<PublishResult, { ok: false }> {
  if (error instanceof HttpError) {
    const status = error.response?.status ?? 0;
    const headers = error.response?.headers as Headers | undefined;
    const body = error.response?.data as { error?: { code?: string; message?: string } } | undefined;
    const code = body?.error?.code ? ` ${body.error.code}` : '';
    if (status === 429) {
      const seconds = Number(headers?.get?.('retry-after') ?? '1');
      return {
        ok: false,
        permanent: false,
        message: `Teams is throttling ${label} (429)`,
        retryAfterMs: Math.max(0, Number.isFinite(seconds) ? seconds * 1000 : 1000),
      };
    }
    if (status === 403 || status === 404) {
      return {
        ok: false,
        permanent: true,
        message:
          `the bot is not in ${label} any more (HTTP ${status}${code}): it was removed or the app was ` +
          `uninstalled there. Add the app to that team or chat again, or remove the destination.`,
      };
    }
    if (status === 401)
      return {
        ok: false,
        permanent: false,
        message:
          `the Bot Connector refused the bot's token for ${label} (401): check TEAMS_APP_ID, ` +
          `TEAMS_APP_PASSWORD and teams.cloud`,
      };
    if (status === 413)
      return { ok: false, permanent: true, message: `Teams refused a message to ${label} as too large (413)` };
    return { ok: false, permanent: false, message: `Teams answered HTTP ${status}${code} for ${label}` };
  }
  if (error instanceof SendTimeoutError)
    return {
      ok: false,
      permanent: false,
      uncertain: true,
      message: `Teams did not answer a post to ${label} in time (${error.message}); it may have arrived`,
    };
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof TypeError && MAYBE_ARRIVED.test(causeText(error)))
    return {
      ok: false,
      permanent: false,
      uncertain: true,
      message: `the connection to Teams broke during a post to ${label} (${causeText(error)}); it may have arrived`,
    };
  // The token endpoint's errors say what to fix; a refused secret will not fix itself but may be rotated: transient.
  return { ok: false, permanent: false, message: `cannot post to ${label}: ${message}` };
}
