import { createHash } from 'node:crypto';
import { blocksText, startHarness } from '../slack/harness.js';
import { messageTs, postEvent, postSlashCommand } from '../fakes/slack-signing.js';
import { defineContractSuite } from './contract-suite.js';

// The shared behaviours through the real Bolt app over signed HTTP, its Web API on the fake Slack server.
defineContractSuite('slack', async ({ cooldownSeconds }) => {
  const h = await startHarness({ configYaml: `triggers:\n  cooldownSeconds: ${cooldownSeconds}\n` });
  let n = 0;
  let fresh = 0;
  // Contract channel names map to stable Slack-looking ids (cooldowns are per channel).
  const channelId = (name: string) => `C${createHash('sha1').update(name).digest('hex').slice(0, 10).toUpperCase()}`;
  return {
    async command(text) {
      const id = `contract-${++n}`;
      const res = await postSlashCommand(h.url, { text, response_url: h.slack.responseUrl(id) });
      if (res.status !== 200) throw new Error(`/govai ${text}: HTTP ${res.status} ${res.body}`);
      // Fast commands answer in the ack body; the others come through response_url after an empty ack.
      if (res.body !== '') return blocksText(res.json().blocks as Array<Record<string, unknown>>);
      const first = await h.slack.waitFor(
        () => h.slack.responses.find((r) => r.id === id),
        10_000,
        `response to /govai ${text}`,
      );
      return blocksText(first.body.blocks as Array<Record<string, unknown>>);
    },
    async message(text, options = {}) {
      const channel = channelId(options.channel ?? `fresh-${++fresh}`);
      const ts = messageTs();
      await postEvent(h.url, {
        type: 'message',
        channel,
        user: 'U1',
        text,
        ts,
        ...(options.fromBot ? { bot_id: 'B2' } : {}),
      });
      // The adapter reports each message's outcome after any post finished: silence is known, not guessed from a timeout.
      const outcome = await h.outcome(ts, 10_000);
      const post = h.slack.posts.find((p) => p.channel === channel && p.thread_ts === ts);
      if (outcome.decision.kind !== 'answer') return post ? blocksText(post.blocks) : undefined;
      if (!post) throw new Error(`answered ${ts} but nothing was posted: ${JSON.stringify(outcome.posted)}`);
      return blocksText(post.blocks);
    },
    close: () => h.close(),
  };
});
