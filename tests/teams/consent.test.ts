import { afterEach, describe, expect, it } from 'vitest';
import {
  BOT_ID,
  channelMessage,
  postActivity,
  TEAMS_APP_ID,
  TEAMS_TENANT_ID,
  type FakeTeams,
} from '../fakes/fake-teams.js';
import { captureLogger } from '../schedule/helpers.js';
import { startTeamsHarness, type TeamsHarness } from './harness.js';
import { consentFindings } from '../../src/doctor/teams-check.js';

// Resource-specific consent (RSC) is granted per team by its owner (and can be off tenant-wide): the bot asks
// Microsoft Graph for its grants once per team or group chat, or learns it from a message that arrived without an
// @mention, and says what it found once in the log. Real Agents SDK; Graph, connector and token issuer faked.

const CHANNEL_GRANT = { clientAppId: TEAMS_APP_ID, permission: 'ChannelMessage.Read.Group' };

/** The conversationUpdate Teams sends when the app is added to a team (it carries the team's Entra group id). */
function installedInTeam(fake: FakeTeams, team: string, aadGroupId: string) {
  return {
    type: 'conversationUpdate',
    id: `install-${team}`,
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    from: { id: '29:owner', aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000009' },
    recipient: { id: BOT_ID, name: 'govai' },
    conversation: { id: team, conversationType: 'channel', tenantId: TEAMS_TENANT_ID, isGroup: true },
    membersAdded: [{ id: BOT_ID }],
    channelData: {
      eventType: 'teamMemberAdded',
      tenant: { id: TEAMS_TENANT_ID },
      team: { id: team, name: 'Team', aadGroupId },
    },
  };
}

function groupChatMessage(fake: FakeTeams, chat: string, text: string, mention: boolean) {
  const m = channelMessage(fake, text, { mention });
  return { ...m, conversation: { id: chat, conversationType: 'groupChat', tenantId: TEAMS_TENANT_ID, isGroup: true } };
}

describe('Teams resource-specific consent', () => {
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(configYaml = '') {
    const log = captureLogger();
    h = await startTeamsHarness({ logger: log.logger, configYaml });
    return { h, lines: () => log.lines().map((l) => String(l.msg)) };
  }
  const notGranted = (lines: string[]) => lines.filter((l) => /consent is not granted here/.test(l));

  it('a team that granted ChannelMessage.Read.Group is found out on install, through Graph', async () => {
    const { h, lines } = await start();
    h.fake.grants.set('group-granted', [CHANNEL_GRANT]);
    await postActivity(
      h.botUrl,
      installedInTeam(h.fake, '19:granted@thread.tacv2', 'group-granted'),
      await h.fake.sign(),
    );
    await h.running.consent!.settled();
    expect(h.running.consent!.verdict('team:19:granted@thread.tacv2')).toMatchObject({ state: 'granted' });
    expect(h.fake.graphRequests).toEqual(['teams/group-granted']);
    expect(lines().filter((l) => /consent granted here/.test(l))).toHaveLength(1);
    expect(notGranted(lines())).toEqual([]);
  });

  it('a team without the grant: mention-only, said once however many messages arrive', async () => {
    const { h, lines } = await start();
    const team = '19:nogrant@thread.tacv2';
    h.fake.teamGroupIds.set(team, 'group-nogrant'); // a message carries no group id: the connector is asked
    h.fake.grants.set('group-nogrant', [{ clientAppId: TEAMS_APP_ID, permission: 'TeamsAppInstallation.Read.Group' }]);
    for (const text of ['help', 'list']) {
      const m = { ...channelMessage(h.fake, text, { mention: true, channel: team }) };
      m.channelData = { ...m.channelData, team: { id: team, name: 'No grant' } };
      await postActivity(h.botUrl, m, await h.fake.sign());
      await h.outcome(m.id);
      await h.running.consent!.settled();
    }
    expect(h.running.consent!.verdict(`team:${team}`)).toMatchObject({ state: 'not-granted' });
    expect(notGranted(lines())).toHaveLength(1);
    expect(h.fake.graphRequests).toEqual(['teams/group-nogrant']);
  });

  it('keeps each verdict in the store, where govai doctor names the team that answers @mentions only', async () => {
    const { h } = await start();
    h.fake.grants.set('group-granted', [CHANNEL_GRANT]);
    await postActivity(h.botUrl, installedInTeam(h.fake, '19:yes@thread.tacv2', 'group-granted'), await h.fake.sign());
    const chat = '19:chat-b@thread.v2';
    const m = groupChatMessage(h.fake, chat, 'help', true);
    await postActivity(h.botUrl, m, await h.fake.sign());
    await h.outcome(m.id);
    await h.running.consent!.settled();
    const kept = h.store.teamsConsent.list();
    expect(kept.map((r) => [r.scope, r.state])).toEqual([
      [`chat:${chat}`, 'not-granted'],
      ['team:19:yes@thread.tacv2', 'granted'],
    ]);
    expect(kept.every((r) => r.checkedAt > 0)).toBe(true);
    const findings = consentFindings(kept);
    expect(findings.map((f) => f.status)).toEqual(['ok', 'warn']);
    expect(findings[0]!.message).toMatch(/arrive in 1 team or chat$/);
    expect(findings[1]!.message).toMatch(
      /group chat .*not granted \(Microsoft Graph refused.*\), so govai answers @mentions only/,
    );
    expect(findings[1]!.fix).toMatch(/team owner re-adds/);
  });

  it('Graph refusing the listing (403: no consent at all) is not granted; a group chat is checked by its chat id', async () => {
    const { h, lines } = await start();
    const chat = '19:chat-a@thread.v2';
    const m = groupChatMessage(h.fake, chat, 'help', true);
    await postActivity(h.botUrl, m, await h.fake.sign());
    await h.outcome(m.id);
    await h.running.consent!.settled();
    expect(h.fake.graphRequests).toEqual([`chats/${chat}`]);
    expect(h.running.consent!.verdict(`chat:${chat}`)).toMatchObject({ state: 'not-granted', reason: /403/ });
    expect(notGranted(lines())).toHaveLength(1);
  });

  it('a message that arrives without an @mention proves the grant (and says so once)', async () => {
    const { h, lines } = await start();
    const team = '19:proof@thread.tacv2';
    await postActivity(h.botUrl, installedInTeam(h.fake, team, 'group-proof'), await h.fake.sign()); // 403: no grant
    await h.running.consent!.settled();
    expect(h.running.consent!.verdict(`team:${team}`)?.state).toBe('not-granted');
    const m = channelMessage(h.fake, 'What is Constitutional AI?', { channel: team });
    m.channelData = { ...m.channelData, team: { id: team, name: 'Proof' } };
    await postActivity(h.botUrl, m, await h.fake.sign());
    await h.outcome(m.id);
    expect(h.running.consent!.verdict(`team:${team}`)).toMatchObject({
      state: 'granted',
      reason: /without an @mention/,
    });
    expect(lines().filter((l) => /now arrive here/.test(l))).toHaveLength(1);
  });

  it('nothing is checked when the app does not ask for channel messages', async () => {
    const { h, lines } = await start('  readChannelMessages: false\n');
    await postActivity(h.botUrl, installedInTeam(h.fake, '19:x@thread.tacv2', 'group-x'), await h.fake.sign());
    const m = channelMessage(h.fake, 'help', { mention: true });
    await postActivity(h.botUrl, m, await h.fake.sign());
    await h.outcome(m.id);
    expect(h.running.consent).toBeUndefined();
    expect(h.fake.graphRequests).toEqual([]);
    expect(lines().filter((l) => /answers only when @mentioned/.test(l))).toHaveLength(1);
  });
});
