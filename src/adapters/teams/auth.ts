import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

// Every request to /api/messages carries a JWT from the Bot Connector. It is accepted only when it is signed
// with a key from the cloud's Bot Framework OpenID metadata (RS256), names this bot as its audience, comes from
// the expected issuer, is within its lifetime (5 minutes of clock skew, as the Bot Framework specifies), and its
// `serviceurl` claim matches the activity's serviceUrl (so a valid token cannot steer replies elsewhere), and the
// signing key is endorsed for the activity's channel: the Bot Framework publishes, with each key, the channels it
// may sign for (`endorsements`, e.g. ["msteams"]); a key endorsed only for another channel cannot vouch for a
// Teams activity, however good its signature (the Bot Framework SDKs' EndorsementsValidator does the same).
// jose does the cryptography and caches the key set, refetching it when an unknown key id appears (key rollover).

export interface TokenValidatorOptions {
  openIdMetadataUrl: string;
  issuer: string;
  appId: string;
  clockToleranceSeconds?: number;
  timeoutMs?: number;
}

export type TeamsClaims = JWTPayload & { serviceurl?: string };
export type AuthResult = { ok: true; claims: TeamsClaims } | { ok: false; reason: string };

export interface TokenValidator {
  validate(
    authorization: string | undefined,
    activity: { serviceUrl?: unknown; channelId?: unknown },
  ): Promise<AuthResult>;
}

export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  let keySet: ReturnType<typeof createRemoteJWKSet> | undefined;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function keys() {
    if (keySet) return keySet;
    const res = await fetch(options.openIdMetadataUrl, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`OpenID metadata ${options.openIdMetadataUrl} answered HTTP ${res.status}`);
    const meta = (await res.json()) as { jwks_uri?: string };
    if (typeof meta.jwks_uri !== 'string')
      throw new Error(`OpenID metadata ${options.openIdMetadataUrl} has no jwks_uri`);
    keySet = createRemoteJWKSet(new URL(meta.jwks_uri), {
      timeoutDuration: timeoutMs,
      cooldownDuration: 30_000,
      cacheMaxAge: 24 * 3_600_000,
    });
    return keySet;
  }

  return {
    async validate(authorization, activity) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
      if (!m)
        return { ok: false, reason: authorization ? 'malformed Authorization header' : 'no Authorization header' };
      let jwks: Awaited<ReturnType<typeof keys>>;
      try {
        jwks = await keys();
      } catch (error) {
        // Not the caller's fault, but without the keys nothing can be trusted: refuse, and say why in the log.
        return { ok: false, reason: `cannot load the signing keys: ${(error as Error).message}` };
      }
      try {
        const { payload, protectedHeader } = await jwtVerify(m[1]!, jwks, {
          issuer: options.issuer,
          audience: options.appId,
          algorithms: ['RS256'],
          clockTolerance: options.clockToleranceSeconds ?? 300,
        });
        const claims = payload as TeamsClaims;
        if (
          typeof claims.serviceurl !== 'string' ||
          typeof activity.serviceUrl !== 'string' ||
          !sameServiceUrl(claims.serviceurl, activity.serviceUrl)
        ) {
          return { ok: false, reason: 'the serviceurl claim is missing or does not match the activity' };
        }
        const endorsed = endorsement(jwks.jwks(), protectedHeader.kid, activity.channelId);
        if (endorsed !== true) return { ok: false, reason: endorsed };
        return { ok: true, claims };
      } catch (error) {
        return { ok: false, reason: describeJoseError(error) };
      }
    },
  };
}

/** true, or why the key that signed the token may not sign for the activity's channel. */
export function endorsement(
  keySet: { keys?: ReadonlyArray<{ kid?: string; endorsements?: unknown }> } | undefined,
  kid: string | undefined,
  channelId: unknown,
): true | string {
  if (typeof channelId !== 'string' || channelId === '') return 'the activity names no channel (channelId)';
  const key = keySet?.keys?.find((k) => k.kid === kid);
  const list = Array.isArray(key?.endorsements) ? (key.endorsements as unknown[]) : [];
  if (list.includes(channelId)) return true;
  return (
    `the signing key ${kid ?? '(no kid)'} is not endorsed for channel ${channelId} (endorsements: ` +
    `${list.join(', ') || 'none'})`
  );
}

function sameServiceUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim "${error.claim}" rejected (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'signed with an unknown key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed (RS256 only)';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'not a valid JWT';
  return (error as Error).message ?? String(error);
}
