/**
 * The message of a failed network call with its cause: undici's `fetch failed` hides the reason
 * (`connect ECONNREFUSED 127.0.0.1:4998`, `getaddrinfo ENOTFOUND slack.example`) in `error.cause`, which is what
 * the user can act on. Shared by the doctor and the adapters, so Slack and Discord say the same thing.
 */
export function errorCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { message?: string; code?: string; cause?: unknown; errors?: unknown[] };
    // An AggregateError (IPv4 and IPv6 both refused) has no message of its own: read its first error.
    const inner =
      !e.message && Array.isArray(e.errors)
        ? (e.errors[0] as { message?: string; code?: string } | undefined)
        : undefined;
    const text = e.message || inner?.message || e.code || inner?.code || '';
    if (text && !parts.some((p) => p.includes(text))) parts.push(text);
    current = e.cause;
  }
  if (parts.length > 1 && parts[0] === 'fetch failed') parts.shift();
  return parts.join(': ') || String(error);
}
