import { createHash } from 'node:crypto';
import { cardText } from '../../src/adapters/teams/render.js';
import { channelMessage, postActivity } from '../fakes/fake-teams.js';
import { startTeamsHarness } from '../teams/harness.js';
import { defineContractSuite } from './contract-suite.js';

// The shared behaviours through the real Agents SDK over signed HTTP, the Bot Connector on the fake.
defineContractSuite('teams', async ({ cooldownSeconds }) => {
  const h = await startTeamsHarness({ configYaml: `triggers:\n  cooldownSeconds: ${cooldownSeconds}\n` });
  let fresh = 0;
  const channelId = (name: string) => `19:${createHash('sha1').update(name).digest('hex').slice(0, 12)}@thread.tacv2`;
  const repliesTo = (id: string) =>
    h.fake.posts
      .filter((p) => p.replyToId === id)
      .map((p) => cardText((p.activity.attachments as Array<{ content: { body: [] } }>)[0]!.content))
      .join('\n');
  async function send(activity: ReturnType<typeof channelMessage>) {
    const res = await postActivity(h.botUrl, activity, await h.fake.sign());
    if (res.status !== 200) throw new Error(`HTTP ${res.status} ${res.body}`);
    // The adapter reports each activity's outcome after its replies were sent: silence is known, not guessed.
    return h.outcome(activity.id, 10_000);
  }
  return {
    async command(text) {
      const activity = channelMessage(h.fake, text, { mention: true, channel: channelId(`cmd-${++fresh}`) });
      await send(activity);
      return repliesTo(activity.id);
    },
    async message(text, options = {}) {
      const activity = channelMessage(h.fake, text, {
        channel: channelId(options.channel ?? `fresh-${++fresh}`),
        ...(options.fromBot ? { fromBot: true } : {}),
      });
      await send(activity);
      const reply = repliesTo(activity.id);
      return reply === '' ? undefined : reply;
    },
    close: () => h.close(),
  };
});
