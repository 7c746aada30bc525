import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/load.js';
import { teamsCheck } from '../../src/doctor/teams-check.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/store.js';
import { FakeTeams } from '../fakes/fake-teams.js';
import { tempProject } from '../helpers/seed.js';

describe('govai doctor: Teams', () => {
  let fake: FakeTeams;
  beforeAll(async () => {
    fake = await new FakeTeams().start();
  });
  afterAll(() => fake.close());

  async function run(env: Record<string, string>, withReference: boolean) {
    const yaml =
      `${fake.configYaml()}digests:\n  - id: daily\n    cron: "0 9 * * *"\n    to: ` +
      `["teams:19:general@thread.tacv2"]\n`;
    const { dir } = tempProject({ 'govai.config.yaml': yaml });
    const loaded = loadConfig({ ...fake.env(), ...env }, dir);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const store = openStore(':memory:');
    if (withReference) {
      store.teamsConversations.upsert({
        conversationId: '19:general@thread.tacv2',
        kind: 'channel',
        updatedAt: 1,
        reference: {
          serviceUrl: fake.serviceUrl,
          channelId: 'msteams',
          conversation: { id: '19:general@thread.tacv2' },
          bot: { id: '28:x' },
        },
      });
    }
    store.teamsConsent.record({
      scope: 'team:19:x',
      label: 'Policy',
      state: 'not-granted',
      reason: 'no',
      checkedAt: 1,
    });
    const ctx = await createAppContext({ config: loaded.config, logger: silentLogger(), store });
    return teamsCheck.run(ctx);
  }

  it('gets a token with the app credentials and finds the destination reference', async () => {
    const findings = await run({}, true);
    expect(findings.find((f) => f.area === 'teams token')?.status).toBe('ok');
    expect(findings.find((f) => f.area === 'teams:19:general@thread.tacv2')?.status).toBe('ok');
    // What the running bot found about consent is read from the store it shares with doctor.
    expect(findings.find((f) => f.area === 'teams consent')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/^team Policy: resource-specific consent not granted/),
    });
  });

  it('says what to fix: a refused secret, a destination without a reference', async () => {
    const findings = await run({ TEAMS_APP_PASSWORD: 'wrong' }, false);
    const token = findings.find((f) => f.area === 'teams token')!;
    expect(token.status).toBe('fail');
    expect(token.message).toMatch(/TEAMS_APP_PASSWORD/);
    const dest = findings.find((f) => f.area === 'teams:19:general@thread.tacv2')!;
    expect(dest.status).toBe('fail');
    expect(dest.fix).toMatch(/Add the govai app/);
  });
});
