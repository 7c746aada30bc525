import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned, triggerId } from '../fakes/slack-signing.js';
import { startHarness, type SlackHarness } from './harness.js';

// A captured, correctly signed slash command stays valid for 5 minutes: sending the same bytes again must not run
// the command twice. The receiver remembers trigger ids (in the SQLite store in the running bot).

describe('replayed Slack requests', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  /** The form body Slack posts for `/govai <text>`, answered at the fake's response URL `responseId`. */
  const slashForm = (text: string, trigger: string, responseId: string) =>
    new URLSearchParams({
      command: '/govai',
      text,
      team_id: 'T1',
      channel_id: 'C1',
      user_id: 'U1',
      trigger_id: trigger,
      response_url: h.slack.responseUrl(responseId),
    }).toString();

  it('the same signed slash command (same bytes, same trigger_id) sent again runs once', async () => {
    const body = slashForm('digest', triggerId(), 'replay');
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await postSigned(h.url, body, 'application/x-www-form-urlencoded', { timestamp });
    expect(first.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'replay'), 8_000, 'first answer');
    // Replayed after the first has been answered (how long after does not matter: trigger ids are remembered).
    const replay = await postSigned(h.url, body, 'application/x-www-form-urlencoded', { timestamp });
    expect(replay.status).toBe(200);
    expect(replay.body).toBe('');
    // "No second answer" has no event of its own: a later command (a new trigger_id) is answered, and a replay
    // handed to Bolt before it would have been answered by then too. No real wait.
    const control = slashForm('digest', triggerId(), 'after-replay');
    expect((await postSigned(h.url, control, 'application/x-www-form-urlencoded')).status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'after-replay'), 8_000, 'control answer');
    expect(h.slack.responses.filter((r) => r.id === 'replay')).toHaveLength(1);
  });

  it('a different trigger_id is a new command (control)', async () => {
    const send = (id: string) => postSigned(h.url, slashForm('help', id, 'x'), 'application/x-www-form-urlencoded');
    expect((await send(triggerId())).body).toContain('govai commands');
    expect((await send(triggerId())).body).toContain('govai commands');
  });

  it('JSON null and non-object bodies are refused with 400 before Bolt sees them', async () => {
    for (const body of ['null', '42', '"text"', '[1,2]', 'true'])
      expect((await postSigned(h.url, body, 'application/json')).status, body).toBe(400);
    expect((await postSigned(h.url, 'payload=null', 'application/x-www-form-urlencoded')).status).toBe(400);
    expect((await postSigned(h.url, 'null', 'application/json', { secret: 'wrong' })).status).toBe(401);
  });

  it("an object that is no Slack request (no type, command or ssl_check) gets 400 at once, not Bolt's late 404", async () => {
    for (const body of ['{}', '{"event":{"type":"message"}}', '{"type":7,"actions":[]}'])
      expect((await postSigned(h.url, body, 'application/json')).status, body).toBe(400);
    const form = new URLSearchParams({ payload: '{"callback_id":"x"}' }).toString();
    expect((await postSigned(h.url, form, 'application/x-www-form-urlencoded')).status).toBe(400);
    // Slack's own shapes still reach Bolt: the URL check and a slash command.
    const check = await postSigned(h.url, '{"type":"url_verification","challenge":"c1"}', 'application/json');
    expect(check.status).toBe(200);
    expect(check.body).toContain('c1');
    const help = new URLSearchParams({ command: '/govai', text: 'help', user_id: 'U1', channel_id: 'C1' });
    expect((await postSigned(h.url, help.toString(), 'application/x-www-form-urlencoded')).body).toContain(
      'govai commands',
    );
  });
});
