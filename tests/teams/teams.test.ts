import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText } from '../../src/adapters/teams/render.js';
import { BOT_ID, channelMessage, postActivity, TEAMS_APP_ID } from '../fakes/fake-teams.js';
import { SEED_TITLE } from '../helpers/seed.js';
import { startTeamsHarness, type TeamsHarness } from './harness.js';

const postText = (p: { activity: Record<string, unknown> }) =>
  cardText((p.activity.attachments as Array<{ content: { body: Array<{ type: string }> } }>)[0]!.content);

describe('Teams adapter through the real Agents SDK', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ configYaml: 'triggers:\n  cooldownSeconds: 600\n' });
  }, 20_000);
  afterAll(async () => h?.close());

  it(
    'a signed "@govai summary" gets the seed briefing as an Adaptive Card, threaded, with a ' +
      'client-credentials token',
    async () => {
      const activity = channelMessage(h.fake, 'summary', { mention: true });
      const res = await postActivity(h.botUrl, activity, await h.fake.sign());
      expect(res.status).toBe(200);
      const post = await h.fake.waitFor(() => h.fake.posts.find((p) => p.replyToId === activity.id), 5000, 'reply');
      expect(post.conversationId).toBe(activity.conversation.id);
      const attachment = (post.activity.attachments as Array<{ contentType: string }>)[0]!;
      expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(postText(post)).toContain(SEED_TITLE.slice(0, 20));
      expect(postText(post)).toMatch(/Anthropic is advancing talks to supply its Claude models/);
      expect(h.fake.tokenRequests.at(-1)).toMatchObject({
        grant_type: 'client_credentials',
        client_id: TEAMS_APP_ID,
        scope: 'https://api.botframework.com/.default',
      });
      // The install/first message recorded where proactive digests can go.
      expect(h.running.conversations.get('19:general@thread.tacv2')?.reference.serviceUrl).toBe(h.fake.serviceUrl);
    },
  );

  it.each([
    ['forged', { forged: true }],
    ['expired', { expiresInSeconds: -3600 }],
    ['wrong-audience', { audience: '00000000-0000-0000-0000-000000000000' }],
    ['other service URL', { serviceUrl: 'https://evil.example/' }],
    ['unsigned (alg none)', { unsigned: true }],
    ['not endorsed for msteams', { otherChannelKey: true }],
    ['missing', 'no header'],
  ] as const)('a %s token gets 401 and no reply', async (_name, opts) => {
    const before = h.fake.posts.length;
    const activity = channelMessage(h.fake, 'summary', { mention: true });
    const res = await postActivity(h.botUrl, activity, typeof opts === 'string' ? undefined : await h.fake.sign(opts));
    expect(res.status).toBe(401);
    // No fixed wait for "no reply": a properly signed activity sent after it is answered, and the refused one
    // would have been by then.
    const control = channelMessage(h.fake, 'summary', { mention: true });
    await postActivity(h.botUrl, control, await h.fake.sign());
    await h.outcome(control.id);
    // Every post since is the control's answer, in its own thread; none went to the refused activity's.
    const since = h.fake.posts.slice(before);
    expect(since.length).toBeGreaterThan(0);
    expect(since.filter((p) => !p.conversationId.endsWith(`messageid=${control.id}`))).toEqual([]);
    expect(h.outcomes.find((o) => o.activityId === activity.id)).toBeUndefined();
  });

  it('the endorsement check can fail: the right key signs for msteams, not for another channel', async () => {
    const activity = { ...channelMessage(h.fake, 'summary', { mention: true }), channelId: 'webchat' };
    expect((await postActivity(h.botUrl, activity, await h.fake.sign())).status).toBe(401);
    const ok = channelMessage(h.fake, 'summary', { mention: true });
    expect((await postActivity(h.botUrl, ok, await h.fake.sign())).status).toBe(200);
  });

  it(
    'a channel question about a watched term gets a threaded, cited answer; none inside the cooldown; none ' +
      'for bots',
    async () => {
      const channel = '19:cooldown@thread.tacv2';
      const first = channelMessage(h.fake, 'Can someone explain what Constitutional AI is?', { channel });
      await postActivity(h.botUrl, first, await h.fake.sign());
      expect((await h.outcome(first.id)).decision?.kind).toBe('answer');
      const post = h.fake.posts.find((p) => p.replyToId === first.id)!;
      expect(post.conversationId).toBe(`${channel};messageid=${first.id}`);
      const text = postText(post);
      expect(text).toContain('builds specific behavioral rules into Claude');
      expect(text).toMatch(/paragraph 5/);

      const again = channelMessage(h.fake, 'Can someone explain what Constitutional AI is?', { channel });
      await postActivity(h.botUrl, again, await h.fake.sign());
      expect((await h.outcome(again.id)).decision).toMatchObject({ kind: 'ignore', reason: 'cooldown' });

      const bot = channelMessage(h.fake, 'What is Constitutional AI?', {
        channel: '19:bots@thread.tacv2',
        fromBot: true,
      });
      await postActivity(h.botUrl, bot, await h.fake.sign());
      expect((await h.outcome(bot.id)).decision).toMatchObject({ kind: 'ignore', reason: 'bot' });
      const own = channelMessage(h.fake, 'What is Constitutional AI?', {
        channel: '19:bots@thread.tacv2',
        fromSelf: true,
      });
      await postActivity(h.botUrl, own, await h.fake.sign());
      expect((await h.outcome(own.id)).decision).toMatchObject({ kind: 'ignore', reason: 'bot' });
      expect(h.fake.posts.some((p) => [again.id, bot.id, own.id].includes(p.replyToId ?? ''))).toBe(false);
    },
  );

  it('a digest publishes proactively, waits out a 429, and a removed bot is a permanent, named failure', async () => {
    const digest = { kind: 'notice', level: 'info', message: 'Digest test' } as const;
    h.fake.throttle.set('19:general@thread.tacv2', { times: 1, retryAfter: 2 });
    const ok = await h.running.publisher.publish('19:general@thread.tacv2', digest);
    expect(ok.ok).toBe(true);
    expect(h.sleeps).toContain(2000);
    expect(
      h.fake.posts.filter((p) => p.conversationId === '19:general@thread.tacv2' && postText(p).includes('Digest test')),
    ).toHaveLength(1);

    const unknown = await h.running.publisher.publish('19:never@thread.tacv2', digest);
    expect(unknown).toMatchObject({ ok: false, permanent: true });
    if (!unknown.ok) expect(unknown.message).toMatch(/no conversation reference/);

    h.fake.removed.add('19:general@thread.tacv2');
    const gone = await h.running.publisher.publish('19:general@thread.tacv2', digest);
    expect(gone).toMatchObject({ ok: false, permanent: true });
    if (!gone.ok) expect(gone.message).toMatch(/not in teams:19:general@thread.tacv2 any more/);
  });

  it(
    'removing the bot from a conversation (its conversationUpdate) makes a digest there a permanent, named ' +
      'failure',
    async () => {
      const channel = '19:leaving@thread.tacv2';
      const hello = channelMessage(h.fake, 'help', { mention: true, channel });
      await postActivity(h.botUrl, hello, await h.fake.sign());
      await h.outcome(hello.id);
      expect(h.running.conversations.get(channel)?.removedAt).toBeUndefined();
      const removed = {
        ...channelMessage(h.fake, '', { channel }),
        type: 'conversationUpdate',
        id: 'removed-1',
        conversation: { id: channel, conversationType: 'channel', isGroup: true },
        membersRemoved: [{ id: BOT_ID }],
      };
      expect((await postActivity(h.botUrl, removed, await h.fake.sign())).status).toBe(200);
      await h.outcome('removed-1');
      const before = h.fake.posts.length;
      const gone = await h.running.publisher.publish(channel, {
        kind: 'notice',
        level: 'info',
        message: 'After removal',
      });
      expect(gone).toMatchObject({ ok: false, permanent: true });
      if (!gone.ok)
        expect(gone.message).toMatch(
          /the bot was removed from teams:19:leaving@thread\.tacv2 on .*add the app there again/,
        );
      expect(h.fake.posts.length).toBe(before);
    },
  );
});
