import type { Logger } from '../../log/logger.js';
import type { IncomingActivity, Where } from './activity.js';
import type { TokenSource } from './token-provider.js';
import type { TeamsConsentRecord } from '../../store/teams-consent.js';

// Whether a team (or group chat) granted the resource-specific consent (RSC) that delivers its messages without an
// @mention. The app package asks for it (teams.readChannelMessages), but the team owner's consent is per team and a
// tenant admin can turn RSC off: asking for it is no proof of having it. Without it Teams delivers only @mentions, so
// govai there is mention-only whatever the trigger rules say, and the operator should know that once, not guess why
// keyword answers never come. Two sources of truth, in this order:
// - evidence: a message that reached the bot without an @mention proves the grant (Teams would not have sent it);
// - Microsoft Graph `GET /teams/{group id}/permissionGrants` (`/chats/{id}/permissionGrants` for a group chat), read
//   with the app's own token through the TeamsAppInstallation.Read.Group / .Chat RSC the package also asks for. A
//   403 there means the team consented to no RSC at all (both are granted together at install), so it is read as not
//   granted.
// The check runs beside the turn (never delaying a reply), once per team or chat per process, and its verdict is
// logged once.

export type ConsentState = 'granted' | 'not-granted' | 'unknown';
export interface ConsentVerdict {
  state: ConsentState;
  /** How it was found out (for the log and doctor). */
  reason: string;
}

export interface ConsentProbeDeps {
  appId: string;
  /** Microsoft Graph root of the cloud, e.g. https://graph.microsoft.com */
  graphUrl: string;
  /** A token for Graph (client credentials, scope `{graphUrl}/.default`). */
  graphToken: TokenSource;
  /** The bot's Bot Connector token: the team's Entra group id comes from `GET {serviceUrl}/v3/teams/{id}`. */
  connectorToken: TokenSource;
  /** Hosts the bot may send to (the cloud's service URLs): the team lookup goes nowhere else. */
  serviceHosts: readonly string[];
  logger: Logger;
  timeoutMs?: number;
  /** Keeps each verdict where `govai doctor` reads it (the store's teams_consent); a failure there is only logged. */
  remember?: (entry: TeamsConsentRecord) => void;
  clock?: () => number;
}

export interface ConsentProbe {
  /** Every activity in a channel or group chat, with whether it @mentioned the bot. Never throws, never waits. */
  observe(activity: IncomingActivity, where: Where, mentioned: boolean): void;
  /** The verdict for a team (`team:<team id>`) or group chat (`chat:<conversation id>`), once known. */
  verdict(scope: string): ConsentVerdict | undefined;
  /** Resolves when every check started so far has finished (tests, shutdown). */
  settled(): Promise<void>;
}

/** The permission that delivers un-mentioned messages, by where the conversation lives. */
const NEEDED = { team: 'ChannelMessage.Read.Group', chat: 'ChatMessage.Read.Chat' } as const;

export function consentScope(activity: IncomingActivity, where: Where): string | undefined {
  if (where.kind === 'channel') return `team:${activity.channelData?.team?.id ?? where.conversationId}`;
  if (where.kind === 'groupChat') return `chat:${where.conversationId}`;
  return undefined; // A 1:1 chat delivers every message to the bot.
}

export function createConsentProbe(deps: ConsentProbeDeps): ConsentProbe {
  const verdicts = new Map<string, ConsentVerdict>();
  const started = new Map<string, Promise<void>>();
  const timeoutMs = deps.timeoutMs ?? 10_000;

  const settle = (scope: string, label: string, verdict: ConsentVerdict) => {
    const before = verdicts.get(scope);
    if (before?.state === 'granted') return; // Evidence is final; a late Graph answer does not undo it.
    verdicts.set(scope, verdict);
    try {
      deps.remember?.({ scope, label, ...verdict, checkedAt: deps.clock?.() ?? 0 });
    } catch (error) {
      deps.logger.warn(
        { scope, err: (error as Error).message },
        'Teams: could not keep the consent verdict for doctor',
      );
    }
    const where = {
      scope,
      label,
      permission: NEEDED[scope.startsWith('team:') ? 'team' : 'chat'],
      why: verdict.reason,
    };
    if (verdict.state === 'granted' && before?.state === 'not-granted')
      deps.logger.info(where, 'Teams: messages without an @mention now arrive here: keyword answers are on');
    else if (verdict.state === 'granted') deps.logger.info(where, 'Teams: resource-specific consent granted here');
    else if (verdict.state === 'not-granted')
      deps.logger.warn(
        where,
        'Teams: resource-specific consent is not granted here, so Teams delivers only @mentions and govai ' +
          'answers only when @mentioned. For keyword answers a team owner re-adds the app (or updates it) and ' +
          'accepts its permissions; a tenant admin may have to allow resource-specific consent in the Teams ' +
          'admin center',
      );
    else
      deps.logger.warn(
        where,
        'Teams: cannot tell whether resource-specific consent is granted here; govai answers @mentions, and ' +
          'keyword questions only if Teams delivers them',
      );
  };

  const get = async (url: string, token: TokenSource): Promise<Response> =>
    fetch(url, {
      headers: { authorization: `Bearer ${await token.getToken()}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });

  async function graphPath(activity: IncomingActivity, where: Where): Promise<string> {
    if (where.kind === 'groupChat') return `chats/${encodeURIComponent(where.conversationId)}`;
    const team = activity.channelData?.team as { id?: string; aadGroupId?: string } | undefined;
    if (team?.aadGroupId) return `teams/${encodeURIComponent(team.aadGroupId)}`;
    const base = activity.serviceUrl ?? '';
    if (!team?.id || !deps.serviceHosts.includes(hostOf(base)))
      throw new Error('the team has no Entra group id in the activity and no allowed service URL to ask');
    const res = await get(`${base.replace(/\/+$/, '')}/v3/teams/${encodeURIComponent(team.id)}`, deps.connectorToken);
    const details = (await res.json().catch(() => ({}))) as { aadGroupId?: string };
    if (!res.ok || !details.aadGroupId) throw new Error(`the Bot Connector's team details answered HTTP ${res.status}`);
    return `teams/${encodeURIComponent(details.aadGroupId)}`;
  }

  async function check(activity: IncomingActivity, where: Where): Promise<ConsentVerdict> {
    const permission = NEEDED[where.kind === 'channel' ? 'team' : 'chat'];
    try {
      const res = await get(
        `${deps.graphUrl.replace(/\/+$/, '')}/v1.0/${await graphPath(activity, where)}/permissionGrants`,
        deps.graphToken,
      );
      if (res.status === 403)
        return { state: 'not-granted', reason: 'Microsoft Graph refused to list its grants (403): no consent given' };
      if (!res.ok) return { state: 'unknown', reason: `Microsoft Graph answered HTTP ${res.status}` };
      const body = (await res.json()) as { value?: Array<{ clientAppId?: string; permission?: string }> };
      const granted = (body.value ?? []).some((g) => g.clientAppId === deps.appId && g.permission === permission);
      return granted
        ? { state: 'granted', reason: `${permission} is among its permission grants` }
        : { state: 'not-granted', reason: `${permission} is not among its permission grants` };
    } catch (error) {
      return { state: 'unknown', reason: (error as Error).message ?? String(error) };
    }
  }

  return {
    observe(activity, where, mentioned) {
      const scope = consentScope(activity, where);
      if (!scope) return;
      const label = where.label ?? where.conversationId;
      const isMessage = activity.type === 'message';
      if (isMessage && !mentioned && verdicts.get(scope)?.state !== 'granted')
        settle(scope, label, { state: 'granted', reason: 'a message without an @mention was delivered' });
      if (started.has(scope) || verdicts.get(scope)?.state === 'granted') return;
      started.set(
        scope,
        check(activity, where).then((v) => settle(scope, label, v)),
      );
    },
    verdict: (scope) => verdicts.get(scope),
    async settled() {
      await Promise.all(started.values());
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
