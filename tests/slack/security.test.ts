import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageTs, postEvent, postSigned, postSlashCommand } from '../fakes/slack-signing.js';
import { blocksText, startHarness, type SlackHarness } from './harness.js';

const HOSTILE = `---
id: hostile-article
title: "Pager test <!channel> for @here"
source: "Hostile <!everyone> Wire"
published: 2026-11-21
keywords: [Zorblax]
---

Zorblax is a compliance programme; attention <!channel> and <!here> and <@U123ABC> and @here and @channel: it replaces <https://evil.example|the old rules> & more.
`;

describe('Slack request verification', () => {
  let h: SlackHarness;
  const now = () => Math.floor(Date.now() / 1000);
  beforeAll(async () => {
    h = await startHarness({ extraFiles: {} });
  });
  afterAll(() => h?.close());

  const command = (options: Parameters<typeof postSlashCommand>[2]) =>
    postSlashCommand(h.url, { text: 'summary', response_url: h.slack.responseUrl('sec') }, options);

  it('accepts a correctly signed request (control)', async () => {
    expect((await command({})).status).toBe(200);
    expect((await command({ timestamp: now() + 60 })).status).toBe(200);
  });

  it('rejects a bad signature, a wrong secret and missing headers', async () => {
    expect((await command({ signature: `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await command({ secret: 'not-the-secret' })).status).toBe(401);
    expect((await command({ unsigned: true })).status).toBe(401);
    const onlyTimestamp = await postSigned(
      h.url,
      'command=%2Fgovai&text=summary',
      'application/x-www-form-urlencoded',
      {
        unsigned: true,
        headers: { 'x-slack-request-timestamp': String(now()) },
      },
    );
    expect(onlyTimestamp.status).toBe(401);
  });

  it('rejects a timestamp more than 5 minutes old', async () => {
    expect((await command({ timestamp: now() - 6 * 60 })).status).toBe(401);
  });

  it('rejects a timestamp more than 5 minutes in the future (Bolt alone accepts it)', async () => {
    expect((await command({ timestamp: now() + 6 * 60 })).status).toBe(401);
    expect((await command({ timestamp: now() + 3_600 })).status).toBe(401);
  });

  it('a rejected event never reaches the listeners', async () => {
    const event = { type: 'message', channel: 'CSEC01', user: 'U1', text: 'What does IL6 mean?', ts: messageTs() };
    expect((await postEvent(h.url, event, { timestamp: now() + 3_600 })).status).toBe(401);
    expect((await postEvent(h.url, event, { secret: 'wrong' })).status).toBe(401);
    const control = { ...event, ts: messageTs() };
    await postEvent(h.url, control);
    await h.outcome(control.ts);
    expect(h.outcomes.find((o) => o.ts === event.ts)).toBeUndefined();
  });
});

describe('Slack never pings from article text', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ extraFiles: {} });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${h.ctx.repository.dir}/hostile.md`, HOSTILE);
    await h.ctx.repository.reload();
  });
  afterAll(() => h?.close());

  const assertNoPing = (json: string) => {
    expect(json).not.toMatch(/<!(channel|here|everyone)/);
    expect(json).not.toMatch(/<@U/);
    expect(json).not.toMatch(/<https:\/\/evil/);
    expect(json).not.toMatch(/(^|[^\u2060])@(here|channel|everyone)\b/);
  };

  it('a keyword answer quoting <!channel> and @here posts them as inert text', async () => {
    const event = { type: 'message', channel: 'CHOSTILE1', user: 'U1', text: 'What is Zorblax?', ts: messageTs() };
    await postEvent(h.url, event);
    const post = await h.slack.waitFor(() => h.slack.posts.find((p) => p.channel === 'CHOSTILE1'), 8_000, 'reply');
    assertNoPing(JSON.stringify({ text: post.text, blocks: post.blocks }));
    // Still readable: the words are there, escaped.
    expect(blocksText(post.blocks)).toContain('attention <!channel> and <!here>');
  });

  it('summary of the hostile briefing is inert too (header, source, body)', async () => {
    const res = await postSlashCommand(h.url, {
      text: 'summary hostile-article',
      response_url: h.slack.responseUrl('hostile'),
    });
    expect(res.status).toBe(200);
    assertNoPing(res.body);
    expect(blocksText(res.json().blocks as Array<Record<string, unknown>>)).toContain('Hostile <!everyone> Wire');
  });
});
