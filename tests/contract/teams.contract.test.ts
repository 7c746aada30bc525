import { createHash } from 'node:crypto';
import { cardText } from '../../src/adapters/teams/render.js';
import type { ChatOutcome, CommandOutcome } from '../../src/app/conversation.js';
import { channelMessage, postActivity } from '../fakes/fake-teams.js';
import { startTeamsHarness } from '../teams/harness.js';
import { defineContractSuite } from './contract-suite.js';
import { contractConfig, waitForOutcome } from './driver-common.js';

// The shared behaviours through the real Agents SDK over signed HTTP, the Bot Connector on the fake. Every wait is
// on the conversation owner's outcome hook, reported after the reply's last card was posted.
defineContractSuite('teams', { bots: true, threads: true, replays: true, dms: true }, async (setup) => {
  const outcomes: Array<ChatOutcome | CommandOutcome> = [];
  const h = await startTeamsHarness({
    configYaml: contractConfig(setup),
    files: setup.files,
    hooks: { onOutcome: (o) => void outcomes.push(o), onCommand: (o) => void outcomes.push(o) },
  });
  let fresh = 0;
  const channelId = (name: string) => `19:${createHash('sha1').update(name).digest('hex').slice(0, 12)}@thread.tacv2`;
  const repliesTo = (id: string) => h.fake.posts.filter((p) => p.replyToId === id).map((p) => p.activity);
  const seenOf = (activities: Array<Record<string, unknown>>) => ({
    text: activities
      .map((a) => cardText((a.attachments as Array<{ content: { body: [] } }>)[0]!.content))
      .join('\n')
      .replaceAll('**', ''),
    parts: activities.length,
    raw: JSON.stringify(activities),
  });
  const where = new Map<string, { channel: string; root: string }>();
  async function send(activity: ReturnType<typeof channelMessage>, times = 1) {
    for (let i = 1; i <= times; i++) {
      const res = await postActivity(h.botUrl, activity, await h.fake.sign());
      if (res.status !== 200) throw new Error(`HTTP ${res.status} ${res.body}`);
      await waitForOutcome(
        outcomes,
        () => outcomes.filter((o) => o.ref === activity.id).length >= i,
        `activity ${activity.id} (delivery ${i})`,
      );
    }
    return outcomes.filter((o) => o.ref === activity.id);
  }
  return {
    ctx: h.ctx,
    async command(text) {
      // In Teams a command is an @mention of the bot starting with a command word.
      const activity = channelMessage(h.fake, text, { mention: true, channel: channelId(`cmd-${++fresh}`) });
      await send(activity);
      return seenOf(repliesTo(activity.id));
    },
    async message(text, options = {}) {
      const thread = options.thread ? where.get(options.thread) : undefined;
      const channel = thread?.channel ?? channelId(options.channel ?? `fresh-${++fresh}`);
      const activity = channelMessage(h.fake, text, {
        channel,
        ...(options.fromBot ? { fromBot: true } : {}),
        ...(options.mention ? { mention: true } : {}),
        ...(thread ? { threadRoot: thread.root } : {}),
      });
      const [outcome] = await send(activity);
      where.set(activity.id, { channel, root: thread?.root ?? activity.id });
      const replies = repliesTo(activity.id);
      if (!outcome!.posted) {
        if (replies.length > 0) throw new Error(`silent on ${activity.id} but something was posted`);
        return { ref: activity.id };
      }
      return { ref: activity.id, reply: seenOf(replies) };
    },
    async replay(text) {
      // The Bot Connector retries a delivery it saw no answer to: the same activity id again.
      const activity = channelMessage(h.fake, text, { channel: channelId(`fresh-${++fresh}`) });
      await send(activity, 2);
      return repliesTo(activity.id).length;
    },
    async direct(text) {
      // A 1:1 chat with the bot: a personal conversation, no mention needed.
      const base = channelMessage(h.fake, text);
      const activity = {
        ...base,
        conversation: {
          id: `a:personal-${++fresh}`,
          conversationType: 'personal',
          tenantId: base.conversation.tenantId,
        },
        channelData: { tenant: base.channelData.tenant },
      };
      const res = await postActivity(h.botUrl, activity, await h.fake.sign());
      if (res.status !== 200) throw new Error(`HTTP ${res.status} ${res.body}`);
      await waitForOutcome(outcomes, (o) => o.ref === activity.id, `1:1 message ${activity.id}`);
      const replies = repliesTo(activity.id);
      return replies.length > 0 ? seenOf(replies) : undefined;
    },
    pings(raw) {
      // Teams pings only through mention entities (on the activity or in the card's msteams.entities).
      const live: string[] = [];
      const walk = (v: unknown) => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          if (o.type === 'mention') live.push(JSON.stringify(o));
          Object.values(o).forEach(walk);
        }
      };
      walk(JSON.parse(raw || '[]'));
      return live;
    },
    close: () => h.close(),
  };
});
