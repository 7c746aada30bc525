import { systemTime } from '../../time/system-time.js';
import { type CloudEndpoints, tokenUrl } from './clouds.js';

// The bot's outbound token: the OAuth 2.0 client-credentials grant against Entra, the one flow a bot with a
// client secret needs. MSAL (the Agents SDK's default provider) refuses non-https authorities and runs instance
// discovery against login.microsoftonline.com, so its endpoint cannot be pointed at a proxy or a local fake;
// this is a single documented POST, cached until shortly before the token expires.

export interface ClientCredentials {
  appId: string;
  appPassword: string;
  tenantId: string;
  endpoints: CloudEndpoints;
}

export class TokenError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Refresh this long before `expires_in` runs out, so a token never expires in flight. */
const EARLY_REFRESH_MS = 5 * 60_000;

export interface TokenSource {
  /** A valid access token for the Bot Connector; throws TokenError with a message that says what to fix. */
  getToken(): Promise<string>;
}

export function clientCredentialsToken(
  creds: ClientCredentials,
  options: { clock?: () => number; timeoutMs?: number } = {},
): TokenSource {
  const clock = options.clock ?? systemTime.now;
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const url = tokenUrl(creds.endpoints, creds.tenantId);

  async function fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: creds.appId,
      client_secret: creds.appPassword,
      scope: creds.endpoints.tokenScope,
    });
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new TokenError(
        `cannot reach the Entra token endpoint ${url} (${(error as Error).message}); check the network or ` +
          `teams.cloud / teams.endpoints.loginUrl`,
        false,
      );
    }
    const text = await res.text();
    let json: { access_token?: string; expires_in?: number | string; error?: string; error_description?: string } = {};
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: described below by status.
    }
    if (!res.ok || !json.access_token) {
      const detail = json.error
        ? `${json.error}: ${(json.error_description ?? '').split(/\r?\n/)[0]}`
        : `HTTP ${res.status}`;
      if (json.error === 'invalid_client' || json.error === 'unauthorized_client') {
        throw new TokenError(
          `Entra refused the app credentials (${detail}). Check TEAMS_APP_ID and TEAMS_APP_PASSWORD (the ` +
            `secret's Value, not its ID, and not expired).`,
          true,
        );
      }
      if (json.error === 'invalid_request' && /tenant/i.test(json.error_description ?? '')) {
        throw new TokenError(
          `Entra does not know tenant ${creds.tenantId} (${detail}). Check TEAMS_TENANT_ID and teams.cloud.`,
          true,
        );
      }
      throw new TokenError(
        `the Entra token endpoint ${url} answered ${detail}`,
        res.status >= 400 && res.status < 500 && res.status !== 429,
      );
    }
    const lifetimeMs = Number(json.expires_in ?? 3600) * 1000;
    cached = { token: json.access_token, refreshAt: clock() + Math.max(0, lifetimeMs - EARLY_REFRESH_MS) };
    return json.access_token;
  }

  return {
    async getToken() {
      if (cached && clock() < cached.refreshAt) return cached.token;
      // Concurrent sends share one token request.
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
