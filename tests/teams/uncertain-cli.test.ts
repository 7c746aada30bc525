import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { FakeTeams } from '../fakes/fake-teams.js';
import { manualTime } from '../helpers/manual-time.js';
import { govaiInProcess } from '../helpers/run-cli.js';
import { tempProject, writeFreshBriefing } from '../helpers/seed.js';

// The operator's side of an uncertain Teams send (`govai digest --uncertain delivered|resend`), in process through
// the real Agents SDK: the connector takes the post and drops the connection unanswered (a reset mid-request), so
// nobody knows whether it arrived; the bot does not re-send it, and the operator, having looked, settles it.

const time = manualTime({ startMs: Date.now(), auto: true });

const cli = (cwd: string, args: string[], env: Record<string, string>) =>
  govaiInProcess(args, { cwd, env: { GOVAI_DB: 'data/govai.db', ...env }, time });

let teams: FakeTeams;
beforeAll(async () => {
  teams = await new FakeTeams().start();
});
afterAll(async () => teams.close());

function project(conversation: string) {
  const p = tempProject();
  writeFreshBriefing(p.briefingsDir);
  writeFileSync(
    path.join(p.dir, 'govai.config.yaml'),
    `${teams.configYaml()}digests:\n  - id: daily\n    cron: "0 9 * * *"\n    to: ["teams:${conversation}"]\n`,
  );
  mkdirSync(path.join(p.dir, 'data'), { recursive: true });
  const store = openStore(path.join(p.dir, 'data', 'govai.db'));
  store.teamsConversations.upsert(teams.channelConversation(conversation));
  store.close();
  return p;
}

const postsTo = (conversation: string) => teams.posts.filter((x) => x.conversationId === conversation);

describe('govai digest --uncertain', () => {
  it('resend: posts the unanswered digest once more, on the operator word only', async () => {
    const conversation = '19:uncertain-resend@thread.tacv2';
    const p = project(conversation);
    teams.script.set(conversation, (n) => (n === 1 ? 'reset' : undefined));
    const first = await cli(p.dir, ['digest', '--now'], teams.env());
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/FAILED teams:19:uncertain-resend.*not re-sent automatically/);
    expect(postsTo(conversation)).toHaveLength(1);

    const doctor = await cli(p.dir, ['doctor'], teams.env());
    expect(doctor.stdout + doctor.stderr).toMatch(/Teams cannot be asked whether it arrived/);

    const resend = await cli(p.dir, ['digest', '--uncertain', 'resend', '--to', `teams:${conversation}`], teams.env());
    expect(resend.stderr).toContain(`re-sent to teams:${conversation}: 1 briefing`);
    expect(resend.code).toBe(0);
    expect(postsTo(conversation)).toHaveLength(2);
    const again = await cli(p.dir, ['digest', '--uncertain', 'resend'], teams.env());
    expect(again.stderr).toMatch(/nothing to resolve/);
    expect(postsTo(conversation)).toHaveLength(2);
  });

  it('delivered: records it as sent, posts nothing, and the next digest does not repeat its briefings', async () => {
    const conversation = '19:uncertain-delivered@thread.tacv2';
    const p = project(conversation);
    teams.script.set(conversation, (n) => (n === 1 ? 'reset' : undefined));
    await cli(p.dir, ['digest', '--now'], teams.env());
    expect(postsTo(conversation)).toHaveLength(1);
    const done = await cli(p.dir, ['digest', '--uncertain', 'delivered'], teams.env());
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/recorded daily to teams:19:uncertain-delivered.* as delivered/);
    await time.advance(2_000);
    const next = await cli(p.dir, ['digest', '--now'], teams.env());
    expect(next.stderr).not.toMatch(/sent daily .*1 briefing/);
    expect(postsTo(conversation).length).toBeLessThanOrEqual(2);
    expect(JSON.stringify(postsTo(conversation).slice(1))).not.toContain('Treasury pilots ledger audits');
  });

  it('refuses an action other than delivered or resend, naming the flag', async () => {
    const p = project('19:uncertain-bad@thread.tacv2');
    const r = await cli(p.dir, ['digest', '--uncertain', 'maybe'], teams.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--uncertain must be "delivered" .* or "resend"/);
  });
});
