import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, slashInteraction, snowflake, userMessage } from '../fakes/fake-discord.js';
import { waitFor } from '../helpers/seed.js';
import { forToken, type Harness, messageBodies, messageOf, startHarness } from './harness.js';

// Keyword-triggered Q&A on MESSAGE_CREATE, and the never-ping rule on every message the bot sends.

const PINGS_BRIEFING = `---
id: zorblax-notice
title: "Zorblax protocol notice"
source: "test"
published: 2026-11-21
keywords: [Zorblax protocol]
---

The Zorblax protocol is a security notice that tells @everyone and <@&400000000000000001> and <@400000000000000002> to rotate their keys every week.
Agencies adopted the Zorblax protocol after a long review of key management practices across many departments.
`;

const repliesIn = (fake: FakeDiscord, channelId: string) =>
  fake.messagesTo(new RegExp(`^/api/v10/channels/${channelId}/messages$`));

describe('discord keyword-triggered Q&A', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ files: { 'briefings/zorblax.md': PINGS_BRIEFING } });
  }, 30_000);
  afterAll(async () => h?.close());

  it(
    'a question about a watched term gets a reply with the quote, citation and matched term; inside the ' +
      'cooldown none',
    async () => {
      const channel = snowflake();
      h.fake.ensureChannel(channel);
      const asked = userMessage('Can someone explain what Constitutional AI is?', { channelId: channel });
      h.fake.dispatch('MESSAGE_CREATE', asked);
      const [reply] = await waitFor(
        () => (repliesIn(h.fake, channel).length > 0 ? repliesIn(h.fake, channel) : undefined),
        10_000,
        'reply',
      );
      expect(reply!.body.message_reference.message_id).toBe(asked.id);
      const embed = reply!.body.embeds[0];
      expect(embed.description.replaceAll('**', '')).toContain('builds specific behavioral rules into Claude');
      expect(embed.description).toContain('paragraph 5');
      expect(embed.footer.text).toContain('Why I answered: your message mentions “Constitutional AI”.');
      expect(reply!.headers.authorization).toBe('Bot fake-token');

      const again = userMessage('Can someone explain what Constitutional AI is?', { channelId: channel });
      h.fake.dispatch('MESSAGE_CREATE', again);
      expect((await h.outcome(again.id)).decision).toMatchObject({ kind: 'ignore', reason: 'cooldown' });
      expect(repliesIn(h.fake, channel)).toHaveLength(1);
    },
  );

  it('inside a thread it answers in the thread and takes follow-up questions there', async () => {
    const parent = snowflake();
    const thread = snowflake();
    h.fake.ensureChannel(parent);
    h.fake.ensureThread(thread, parent);
    h.fake.dispatch('MESSAGE_CREATE', userMessage('What is GovCloud?', { channelId: thread }));
    await waitFor(() => (repliesIn(h.fake, thread).length > 0 ? true : undefined), 10_000, 'answer in thread');
    expect(JSON.stringify(repliesIn(h.fake, thread)[0]!.body)).toMatch(/GovCloud/);
    h.fake.dispatch('MESSAGE_CREATE', userMessage('And who is the main rival there?', { channelId: thread }));
    await waitFor(() => (repliesIn(h.fake, thread).length > 1 ? true : undefined), 10_000, 'follow-up in thread');
    expect(repliesIn(h.fake, parent)).toHaveLength(0);
  });

  it('article text with @everyone, a role and a user pings no one', async () => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    h.fake.dispatch('MESSAGE_CREATE', userMessage('What is the Zorblax protocol?', { channelId: channel }));
    const [reply] = await waitFor(
      () => (repliesIn(h.fake, channel).length > 0 ? repliesIn(h.fake, channel) : undefined),
      10_000,
      'reply',
    );
    expect(reply!.body.embeds[0].description).toContain('@everyone');
    expect(reply!.body.allowed_mentions).toEqual({ parse: [], replied_user: false });

    const i = slashInteraction('ask', [
      { name: 'question', value: 'What does the Zorblax protocol ask everyone to rotate?' },
    ]);
    h.fake.dispatch('INTERACTION_CREATE', i);
    const reqs = await waitFor(
      () => (forToken(h.fake, i.token).length >= 2 ? forToken(h.fake, i.token) : undefined),
      10_000,
      'ask reply',
    );
    expect(JSON.stringify(reqs[1]!.body)).toContain('@everyone');
    expect(messageOf(reqs[1]!.body).allowed_mentions).toEqual({ parse: [], replied_user: false });

    const published = await h.adapter.publisher.publish(channel, {
      kind: 'notice',
      level: 'info',
      message: 'Heads up @everyone: <@&400000000000000001>',
    });
    expect(published.ok).toBe(true);
    expect(repliesIn(h.fake, channel).at(-1)!.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('every message body the fake received carries allowed_mentions with an empty parse', () => {
    const bodies = messageBodies(h.fake);
    expect(bodies.length).toBeGreaterThanOrEqual(6);
    for (const r of bodies) expect(messageOf(r.body).allowed_mentions?.parse, `${r.method} ${r.path}`).toEqual([]);
  });
});
