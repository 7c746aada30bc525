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
): Promise<PublishResult> {
  const ids: string[] = [];
  for (const message of messages) {
    const maxAttempts = options.maxAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await context.sendActivity(messageActivity(message));
        ids.push(res?.id ?? '');
        break;
      } catch (error) {
        const failure = describeSendError(error, label);
        const wait = failure.retryAfterMs;
        if (wait !== undefined && attempt < maxAttempts && wait <= (options.maxWaitMs ?? 60_000)) {
          await options.sleep(wait);
          continue;
        }
        return ids.length > 0
          ? { ...failure, message: `${failure.message} (after ${ids.length} of ${messages.length} parts were posted)` }
          : failure;
      }
    }
  }
  return { ok: true, messageIds: ids };
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
        message: `the bot is not in ${label} any more (HTTP ${status}${code}): it was removed or the app was uninstalled there. Add the app to that team or chat again, or remove the destination.`,
      };
    }
    if (status === 401)
      return {
        ok: false,
        permanent: false,
        message: `the Bot Connector refused the bot's token for ${label} (401): check TEAMS_APP_ID, TEAMS_APP_PASSWORD and teams.cloud`,
      };
    if (status === 413)
      return { ok: false, permanent: true, message: `Teams refused a message to ${label} as too large (413)` };
    return { ok: false, permanent: false, message: `Teams answered HTTP ${status}${code} for ${label}` };
  }
  const message = (error as Error)?.message ?? String(error);
  // The token endpoint's errors say what to fix; a refused secret will not fix itself but may be rotated: transient.
  return { ok: false, permanent: false, message: `cannot post to ${label}: ${message}` };
}
