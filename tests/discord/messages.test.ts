import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_IDS, type FakeDiscord, slashInteraction, snowflake, userMessage } from '../fakes/fake-discord.js';
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

/** Sends a message, then a probe the bot must answer (a mention); once the probe's reply is in, earlier messages were handled. */
async function settle(h: Harness): Promise<void> {
  const channel = snowflake();
  h.fake.ensureChannel(channel);
  h.fake.dispatch(
    'MESSAGE_CREATE',
    userMessage(`<@${FAKE_IDS.bot}> what is Constitutional AI?`, { channelId: channel, mentionBot: true }),
  );
  await waitFor(() => (repliesIn(h.fake, channel).length > 0 ? true : undefined), 10_000, 'probe reply');
}

describe('discord keyword-triggered Q&A', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ files: { 'briefings/zorblax.md': PINGS_BRIEFING } });
  }, 30_000);
  afterAll(async () => h?.close());

  it('a question about a watched term gets a reply with the quote, citation and matched term; inside the cooldown none', async () => {
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

    h.fake.dispatch(
      'MESSAGE_CREATE',
      userMessage('Can someone explain what Constitutional AI is?', { channelId: channel }),
    );
    await settle(h);
    expect(repliesIn(h.fake, channel)).toHaveLength(1);
  });

  it("a bot's message gets no answer; a plain statement gets none either", async () => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    h.fake.dispatch('MESSAGE_CREATE', userMessage('What is Constitutional AI?', { channelId: channel, bot: true }));
    h.fake.dispatch('MESSAGE_CREATE', userMessage('Constitutional AI came up in the meeting.', { channelId: channel }));
    await settle(h);
    expect(repliesIn(h.fake, channel)).toHaveLength(0);
  });

  it('a reply to one of its answers is a follow-up, answered from the same briefing without a watched term', async () => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    h.fake.dispatch('MESSAGE_CREATE', userMessage('What are IL5 and IL6?', { channelId: channel }));
    await waitFor(() => (repliesIn(h.fake, channel).length > 0 ? true : undefined), 10_000, 'first answer');
    // The fake assigned the bot's answer an id; a user replies to it.
    const answerId = await waitFor(() => lastBotMessageId(h, channel), 5_000, 'answer id');
    h.fake.dispatch(
      'MESSAGE_CREATE',
      userMessage('Who already has a head start there?', { channelId: channel, referenceId: answerId }),
    );
    await waitFor(() => (repliesIn(h.fake, channel).length > 1 ? true : undefined), 10_000, 'follow-up answer');
    expect(repliesIn(h.fake, channel)[1]!.body.embeds[0].description).toMatch(/Microsoft/);
  });

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

function lastBotMessageId(h: Harness, channelId: string): string | undefined {
  const channel = h.adapter.connection.client().channels.cache.get(channelId);
  if (!channel?.isTextBased()) return undefined;
  const mine = channel.messages.cache.filter((m) => m.author.id === FAKE_IDS.bot);
  return mine.last()?.id;
}
