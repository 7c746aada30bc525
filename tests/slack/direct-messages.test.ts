import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatOutcome, CommandOutcome } from '../../src/app/conversation.js';
import { messageTs, postEvent } from '../fakes/slack-signing.js';
import { SEED_TITLE } from '../helpers/seed.js';
import { blocksText, startHarness, type SlackHarness } from './harness.js';

// Direct messages (`message.im`, the App Home messages tab) through the real Bolt app over signed HTTP: commands
// typed as text, and plain questions answered without a watched term, in the DM itself (no thread).
describe('Slack direct messages', () => {
  let h: SlackHarness;
  const commands: CommandOutcome[] = [];
  const chats: ChatOutcome[] = [];
  let n = 0;
  const dm = () => `D${String(++n).padStart(8, '0')}`;
  const im = (channel: string, text: string, extra: Record<string, unknown> = {}) => ({
    type: 'message',
    channel,
    channel_type: 'im',
    user: 'U1',
    text,
    ts: messageTs(),
    ...extra,
  });
  const settled = (ts: string) =>
    h.slack.waitFor(
      () => commands.find((o) => o.ref === ts) ?? chats.find((o) => o.ref === ts),
      8_000,
      `outcome of DM ${ts}`,
    );

  beforeAll(async () => {
    // Passive listening off: a DM is a direct request and must be answered anyway.
    h = await startHarness({
      configYaml: 'triggers:\n  enabled: false\n',
      start: { hooks: { onCommand: (o) => void commands.push(o), onOutcome: (o) => void chats.push(o) } },
    });
  });
  afterAll(() => h?.close());

  it('a command typed in a DM runs like /govai, and the reply goes into the DM', async () => {
    const ch = dm();
    const event = im(ch, 'summary');
    await postEvent(h.url, event);
    const outcome = (await settled(event.ts)) as CommandOutcome;
    expect(outcome.command).toBe('summary');
    const posts = h.slack.posts.filter((p) => p.channel === ch);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]!.thread_ts).toBeUndefined();
    expect(posts.map((p) => blocksText(p.blocks)).join('\n')).toContain(SEED_TITLE);

    const help = im(ch, 'govai help');
    await postEvent(h.url, help);
    expect(((await settled(help.ts)) as CommandOutcome).command).toBe('help');
  });

  it('a plain question in a DM is answered without a watched term or a mention', async () => {
    const ch = dm();
    const event = im(ch, 'Who has a head start with the agencies?');
    await postEvent(h.url, event);
    const outcome = (await settled(event.ts)) as ChatOutcome;
    expect(outcome.decision.kind).toBe('answer');
    const post = h.slack.posts.find((p) => p.channel === ch)!;
    expect(post.thread_ts).toBeUndefined();
    expect(blocksText(post.blocks)).toMatch(/Microsoft/);
    // The same words in a channel (triggers off, no mention) get nothing: the DM is what made it a request.
    const inChannel = { ...event, channel: 'CDMCTRL01', channel_type: 'channel', ts: messageTs() };
    await postEvent(h.url, inChannel);
    expect(((await settled(inChannel.ts)) as ChatOutcome).decision).toMatchObject({ kind: 'ignore' });
    expect(h.slack.posts.filter((p) => p.channel === 'CDMCTRL01')).toHaveLength(0);
  });

  it('a DM the bot cannot answer says so; a redelivered DM is answered once; a bot in a DM gets nothing', async () => {
    const ch = dm();
    const unknown = im(ch, 'what is the weather in Paris');
    await postEvent(h.url, unknown);
    expect(((await settled(unknown.ts)) as ChatOutcome).decision.kind).toBe('decline');
    expect(blocksText(h.slack.posts.find((p) => p.channel === ch)!.blocks)).toMatch(/don.t know/i);

    const again = im(ch, 'list');
    await postEvent(h.url, again, { eventId: 'EvDmReplay1' });
    await settled(again.ts);
    await postEvent(h.url, again, { eventId: 'EvDmReplay1', retryNum: 1 });
    await h.slack.waitFor(() => (commands.filter((o) => o.ref === again.ts).length === 2 ? true : undefined));
    expect(commands.filter((o) => o.ref === again.ts).map((o) => o.duplicate ?? false)).toEqual([false, true]);

    const bot = im(ch, 'summary', { bot_id: 'B2', user: 'U0BOT2' });
    const before = h.slack.posts.length;
    await postEvent(h.url, bot);
    expect(((await settled(bot.ts)) as ChatOutcome).decision).toMatchObject({ kind: 'ignore', reason: 'bot' });
    expect(h.slack.posts.length).toBe(before);
  });
});
