import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageTs, postEvent } from '../fakes/slack-signing.js';
import { SEED_TITLE } from '../helpers/seed.js';
import { blocksText, startHarness, type SlackHarness } from './harness.js';

// Keyword-triggered answers on Events API `message` / `app_mention` callbacks, replied in the thread.
describe('Slack keyword-triggered Q&A', () => {
  let h: SlackHarness;
  let n = 0;
  const channel = () => `CQA${String(++n).padStart(4, '0')}`;
  const message = (ch: string, text: string, extra: Record<string, unknown> = {}) => ({
    type: 'message',
    channel: ch,
    user: 'U1',
    text,
    ts: messageTs(),
    ...extra,
  });

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('answers a question about a watched term in its thread, with quote, citation and why', async () => {
    const ch = channel();
    const event = message(ch, 'Can someone explain what Constitutional AI is?');
    expect((await postEvent(h.url, event)).status).toBe(200);
    const post = await h.slack.waitFor(() => h.slack.posts.find((p) => p.channel === ch), 8_000, 'threaded reply');
    expect(post.thread_ts).toBe(event.ts);
    const text = blocksText(post.blocks);
    expect(text).toMatch(/^> .*builds specific behavioral rules into Claude/m);
    expect(text).toContain(SEED_TITLE);
    expect(text).toContain('paragraph 5');
    expect(text).toMatch(/Why I answered: your message mentions “Constitutional AI”/);
    expect(post.text).toBeTruthy();
    expect(post.params.unfurl_links).toBe('false');
  });

  it('replies into the existing thread when the question is itself a thread reply', async () => {
    const ch = channel();
    const root = messageTs();
    const event = message(ch, 'What does IL6 mean?', { thread_ts: root });
    await postEvent(h.url, event);
    const post = await h.slack.waitFor(() => h.slack.posts.find((p) => p.channel === ch), 8_000, 'threaded reply');
    expect(post.thread_ts).toBe(root);
  });

  it('ignores other bots, its own messages, edits and deletions', async () => {
    const ch = channel();
    const q = 'What does IL6 mean?';
    const otherBot = message(ch, q, { bot_id: 'B2', subtype: 'bot_message', user: undefined });
    const otherBotNoSubtype = message(ch, q, { bot_id: 'B3' });
    const edit = {
      type: 'message',
      subtype: 'message_changed',
      channel: ch,
      ts: messageTs(),
      message: { text: q, user: 'U1' },
    };
    const deletion = { type: 'message', subtype: 'message_deleted', channel: ch, ts: messageTs(), deleted_ts: '1' };
    for (const e of [otherBot, otherBotNoSubtype, edit, deletion]) await postEvent(h.url, e);
    expect((await h.outcome(otherBot.ts)).decision).toMatchObject({ kind: 'ignore', reason: 'skipped' });
    expect((await h.outcome(otherBotNoSubtype.ts)).decision).toMatchObject({ kind: 'ignore', reason: 'bot' });
    expect((await h.outcome(edit.ts)).decision).toMatchObject({ kind: 'ignore', reason: 'skipped' });
    expect((await h.outcome(deletion.ts)).decision).toMatchObject({ kind: 'ignore', reason: 'skipped' });
    // Its own message is dropped by Bolt (ignoreSelf) before any listener. Bolt acks an event first and then
    // runs the middleware chain (ignoreSelf, then our listener up to its decision and outcome) without any I/O,
    // so by the time this test has read the 200 for the self message, that chain has finished. The control,
    // sent only after that ack, is the ordering probe: its answer proves the listener path is live, and then
    // the self message has no outcome and no post (no fixed sleep, nothing left in flight).
    const self = message(ch, q, { user: 'UBOT', bot_id: 'B1' });
    expect((await postEvent(h.url, self)).status).toBe(200);
    const control = message(ch, 'Can someone explain what Constitutional AI is?');
    expect((await postEvent(h.url, control)).status).toBe(200);
    expect((await h.outcome(control.ts)).decision.kind).toBe('answer');
    expect(h.outcomes.find((o) => o.ts === self.ts)).toBeUndefined();
    expect(h.slack.posts.filter((p) => p.channel === ch).map((p) => p.thread_ts)).toEqual([control.ts]);
  });

  it('app_mention is always answered, and a mention delivered as message + app_mention is answered once', async () => {
    const ch = channel();
    // No watched term and no question mark: only the mention makes it answerable.
    const text = '<@UBOT> who already has a head start with intelligence agencies';
    const ts = messageTs();
    await postEvent(h.url, { type: 'message', channel: ch, user: 'U1', text, ts });
    await postEvent(h.url, { type: 'app_mention', channel: ch, user: 'U1', text, ts });
    await h.slack.waitFor(
      () => (h.outcomes.filter((o) => o.ts === ts).length === 2 ? true : undefined),
      8_000,
      'both events handled',
    );
    const posts = h.slack.posts.filter((p) => p.channel === ch);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.thread_ts).toBe(ts);
    expect(blocksText(posts[0]!.blocks)).toMatch(/^> Microsoft.*OpenAI/m);
    expect(blocksText(posts[0]!.blocks)).toContain('paragraph 3');
    expect(blocksText(posts[0]!.blocks)).toMatch(/Why I answered: you mentioned me/);
  });
});
