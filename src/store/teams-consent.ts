import type { SqlDriver } from './sql.js';

// Teams' resource-specific consent per team (`team:<id>`) or group chat (`chat:<id>`), as the running bot last found
// it (src/adapters/teams/consent.ts). Kept in the store so `govai doctor`, another process, can say where Teams
// delivers only @mentions; with PostgreSQL every replica's findings are in one place.

export type TeamsConsentState = 'granted' | 'not-granted' | 'unknown';

export interface TeamsConsentRecord {
  scope: string;
  /** The team, channel or chat name when the activity carried one. */
  label?: string;
  state: TeamsConsentState;
  /** How it was found out: evidence (an un-mentioned message arrived) or what Microsoft Graph answered. */
  reason: string;
  checkedAt: number;
}

export interface TeamsConsentStore {
  record(entry: TeamsConsentRecord): void;
  list(): TeamsConsentRecord[];
}

interface Row {
  scope: string;
  label: string | null;
  state: TeamsConsentState;
  reason: string;
  checked_at: number;
}

export function sqlTeamsConsent(sql: SqlDriver): TeamsConsentStore {
  return {
    record: (e) =>
      void sql.run(
        `INSERT INTO teams_consent (scope, label, state, reason, checked_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scope) DO UPDATE SET label = COALESCE(excluded.label, teams_consent.label),
           state = excluded.state, reason = excluded.reason, checked_at = excluded.checked_at`,
        [e.scope, e.label ?? null, e.state, e.reason, e.checkedAt],
      ),
    list: () =>
      sql.all<Row>('SELECT * FROM teams_consent ORDER BY scope').map((r) => ({
        scope: r.scope,
        ...(r.label ? { label: r.label } : {}),
        state: r.state,
        reason: r.reason,
        checkedAt: Number(r.checked_at),
      })),
  };
}
