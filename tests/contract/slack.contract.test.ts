import { createHash } from 'node:crypto';
import type { ChatOutcome, CommandOutcome } from '../../src/app/conversation.js';
import { messageTs, postEvent, postSlashCommand, triggerId } from '../fakes/slack-signing.js';
import { blocksText, startHarness } from '../slack/harness.js';
import { defineContractSuite } from './contract-suite.js';
import { contractConfig, waitForOutcome } from './driver-common.js';

// The shared behaviours through the real Bolt app over signed HTTP, its Web API on the fake Slack server. Every
// wait is on the conversation owner's outcome hook, reported after the reply's last part was sent.
defineContractSuite('slack', { bots: true, threads: true, replays: true, dms: true }, async (setup) => {
  const commands: CommandOutcome[] = [];
  const chats: ChatOutcome[] = [];
  const h = await startHarness({
    configYaml: contractConfig(setup),
    extraFiles: setup.files,
    start: {
      hooks: { onCommand: (o) => void commands.push(o), onOutcome: (o) => void chats.push(o) },
    },
  });
  let n = 0;
  let fresh = 0;
  // Contract channel names map to stable Slack-looking ids (cooldowns are per channel).
  const channelId = (name: string) => `C${createHash('sha1').update(name).digest('hex').slice(0, 10).toUpperCase()}`;
  const threadOf = new Map<string, { channel: string; ts: string }>();
  const postsIn = (channel: string, threadTs: string) =>
    h.slack.posts.filter((p) => p.channel === channel && p.thread_ts === threadTs);
  const seenOf = (messages: Array<{ text?: string; blocks?: Array<Record<string, unknown>> }>) => ({
    text: messages.map((m) => blocksText(m.blocks)).join('\n'),
    parts: messages.length,
    raw: JSON.stringify(messages.map((m) => ({ text: m.text, blocks: m.blocks }))),
  });
  async function deliver(
    text: string,
    channel: string,
    ts: string,
    options: { mention?: boolean; fromBot?: boolean; threadTs?: string; eventIds?: string[] },
  ) {
    const event = {
      type: 'message',
      channel,
      user: options.fromBot ? 'U0BOT2' : 'U1',
      text: options.mention ? `<@UBOT> ${text}` : text,
      ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      ...(options.fromBot ? { bot_id: 'B2' } : {}),
    };
    const ids = options.eventIds ?? [`Ev${ts}`];
    for (const eventId of ids) await postEvent(h.url, event, { eventId });
    // Slack sends a mention twice: as `message` and as `app_mention`, with their own event ids.
    if (options.mention) await postEvent(h.url, { ...event, type: 'app_mention' }, { eventId: `EvM${ts}` });
    const expected = ids.length + (options.mention ? 1 : 0);
    await waitForOutcome(chats, () => chats.filter((o) => o.ref === ts).length >= expected, `message ${ts}`);
    return chats.filter((o) => o.ref === ts);
  }
  return {
    ctx: h.ctx,
    async command(text) {
      const id = `contract-${++n}`;
      const trigger = triggerId();
      const res = await postSlashCommand(h.url, { text, response_url: h.slack.responseUrl(id), trigger_id: trigger });
      if (res.status !== 200) throw new Error(`/govai ${text}: HTTP ${res.status} ${res.body}`);
      await waitForOutcome(commands, (o) => o.ref === trigger, `/govai ${text}`);
      // Inline commands answer in the ack body, the rest (and continuation parts) through response_url.
      const parts = [
        ...(res.body !== '' ? [res.json() as { text?: string; blocks?: Array<Record<string, unknown>> }] : []),
        ...h.slack.responses
          .filter((r) => r.id === id)
          .map((r) => r.body as { text?: string; blocks?: Array<Record<string, unknown>> }),
      ];
      return seenOf(parts);
    },
    async message(text, options = {}) {
      const thread = options.thread ? threadOf.get(options.thread) : undefined;
      const channel = thread?.channel ?? channelId(options.channel ?? `fresh-${++fresh}`);
      const ts = messageTs();
      const threadTs = thread?.ts;
      const before = threadTs ? postsIn(channel, threadTs).length : 0;
      const outcomes = await deliver(text, channel, ts, {
        ...(options.mention ? { mention: true } : {}),
        ...(options.fromBot ? { fromBot: true } : {}),
        ...(threadTs ? { threadTs } : {}),
      });
      threadOf.set(ts, { channel, ts: threadTs ?? ts });
      const posts = postsIn(channel, threadTs ?? ts);
      const answered = outcomes.some((o) => o.posted);
      if (!answered) {
        if (posts.length > 0 && !threadTs) throw new Error(`silent on ${ts} but something was posted`);
        return { ref: ts };
      }
      // In a thread, only what was posted after this message is its reply.
      const mine = posts.slice(before);
      return { ref: ts, reply: seenOf(mine) };
    },
    async replay(text, options = {}) {
      const channel = channelId(options.channel ?? `fresh-${++fresh}`);
      const ts = messageTs();
      // The same event redelivered (Slack retries slow acks with the same event id).
      await deliver(text, channel, ts, { eventIds: [`EvR${ts}`, `EvR${ts}`] });
      return postsIn(channel, ts).length;
    },
    async direct(text) {
      const channel = `D${createHash('sha1').update(`dm-${++fresh}`).digest('hex').slice(0, 10).toUpperCase()}`;
      const ts = messageTs();
      // A DM to the bot (the App Home messages tab) arrives as a `message.im` event.
      await postEvent(h.url, { type: 'message', channel, channel_type: 'im', user: 'U1', text, ts });
      await h.slack.waitFor(
        () => commands.find((o) => o.ref === ts) ?? chats.find((o) => o.ref === ts),
        10_000,
        `DM ${ts}`,
      );
      const posts = h.slack.posts.filter((p) => p.channel === channel);
      return posts.length > 0 ? seenOf(posts) : undefined;
    },
    pings(raw) {
      const live = raw.match(/<!(channel|here|everyone)[^>]*>|<@[UW][A-Z0-9]+>|<#C[A-Z0-9]+>|<https?:[^>]+>/g) ?? [];
      const bare = raw.match(/(^|[^\u2060\\u])@(here|channel|everyone)\b/g) ?? [];
      return [...live, ...bare];
    },
    close: () => h.close(),
  };
});
