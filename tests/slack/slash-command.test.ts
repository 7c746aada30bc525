import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postInteraction, postSlashCommand } from '../fakes/slack-signing.js';
import { SEED_TITLE } from '../helpers/seed.js';
import { blocksText, startHarness, type SlackHarness } from './harness.js';

// `/govai` through the real Bolt app: signed form posts to /slack/events, answers in the ack or via response_url.
describe('Slack /govai', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('summary returns the seed briefing in Block Kit within the ack, ephemeral, with a Share button', async () => {
    const res = await postSlashCommand(h.url, { text: 'summary', response_url: h.slack.responseUrl('summary') });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    const blocks = body.blocks as Array<Record<string, unknown>>;
    expect(blocks[0]).toMatchObject({ type: 'header' });
    const text = blocksText(blocks);
    expect(text).toContain('Anthropic is advancing talks to supply its Claude models');
    expect(text).toContain('anthropic-intelligence-agencies');
    expect(String(body.text)).not.toBe('');
    const actions = blocks.find((b) => b.type === 'actions') as
      | { elements: Array<{ action_id: string; value: string }> }
      | undefined;
    expect(actions?.elements[0]?.action_id).toBe('govai_share');
    expect(JSON.parse(actions!.elements[0]!.value)).toEqual({ text: 'summary' });
    expect(h.slack.responses.filter((r) => r.id === 'summary')).toHaveLength(0);
  });

  it('ask is acked empty and answered through response_url with quote and citation', async () => {
    const res = await postSlashCommand(h.url, {
      text: 'ask What is Constitutional AI?',
      response_url: h.slack.responseUrl('ask1'),
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const response = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'ask1'), 8_000, 'respond()');
    expect(response.body.response_type).toBe('ephemeral');
    const text = blocksText(response.body.blocks as Array<Record<string, unknown>>);
    expect(text).toMatch(/^> .*builds specific behavioral rules into Claude/m);
    expect(text).toContain(SEED_TITLE);
    expect(text).toContain('paragraph 5');
  });

  it('a bare question is an ask; unknown and empty text show help in the ack', async () => {
    const bare = await postSlashCommand(h.url, {
      text: 'What are IL5 and IL6?',
      response_url: h.slack.responseUrl('bare'),
    });
    expect(bare.body).toBe('');
    const answer = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'bare'), 8_000, 'respond()');
    expect(blocksText(answer.body.blocks as Array<Record<string, unknown>>)).toMatch(/Impact Level 5 and 6/);
    for (const text of ['', 'frobnicate', 'help']) {
      const res = await postSlashCommand(h.url, { text, response_url: h.slack.responseUrl(`help-${text}`) });
      const shown = blocksText(res.json().blocks as Array<Record<string, unknown>>);
      for (const name of ['summary', 'ask', 'digest', 'list']) expect(shown).toContain(`/govai ${name}`);
      if (text === 'frobnicate') expect(shown).toContain('frobnicate');
      // Help is for the one who asked: no "Share in channel" button (issue 13 item 7).
      expect(JSON.stringify(res.json().blocks)).not.toContain('govai_share');
    }
    expect(JSON.stringify(answer.body.blocks)).toContain('govai_share');
  });

  it('list is answered in the ack; digest through response_url', async () => {
    const list = await postSlashCommand(h.url, { text: 'list', response_url: h.slack.responseUrl('list') });
    expect(blocksText(list.json().blocks as Array<Record<string, unknown>>)).toContain(
      'anthropic-intelligence-agencies',
    );
    const digest = await postSlashCommand(h.url, {
      text: 'digest 2026-01-01',
      response_url: h.slack.responseUrl('digest'),
    });
    expect(digest.body).toBe('');
    const response = await h.slack.waitFor(
      () => h.slack.responses.find((r) => r.id === 'digest'),
      8_000,
      'digest respond()',
    );
    expect(blocksText(response.body.blocks as Array<Record<string, unknown>>)).toContain(SEED_TITLE);
  });

  it('"Share in channel" posts the same reply in the channel and replaces the ephemeral one', async () => {
    const res = await postInteraction(h.url, {
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U1', username: 'alice' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig',
      channel: { id: 'C1', name: 'general' },
      container: { type: 'message', message_ts: '1700000000.000100', is_ephemeral: true },
      response_url: h.slack.responseUrl('share'),
      actions: [
        {
          type: 'button',
          action_id: 'govai_share',
          block_id: 'govai_share',
          value: JSON.stringify({ text: 'ask What is Constitutional AI?' }),
          text: { type: 'plain_text', text: 'Share in channel' },
          action_ts: '1700000001.000200',
        },
      ],
    });
    expect(res.status).toBe(200);
    const posts = await h.slack.waitFor(
      () => {
        const r = h.slack.responses.filter((x) => x.id === 'share');
        return r.length >= 2 ? r : undefined;
      },
      8_000,
      'share responses',
    );
    expect(posts[0]!.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(blocksText(posts[0]!.body.blocks as Array<Record<string, unknown>>)).toContain(
      'builds specific behavioral rules into Claude',
    );
    expect(JSON.stringify(posts[0]!.body.blocks)).not.toContain('govai_share');
    expect(posts[1]!.body).toMatchObject({ replace_original: true });
  });
});

// Six editor Q&A answers of 2,500 characters: the briefing is larger than one Slack message (about 12k characters).
const answer = (i: number) =>
  `Answer ${i} begins. ${'The agency reviewed the procurement rules in detail. '.repeat(48)}Answer ${i} ends.`;
const LONG_BRIEFING = `---
id: long-briefing
title: "A very long briefing"
source: "Wire"
published: 2020-01-01
qa:
${[1, 2, 3, 4, 5, 6].map((i) => `  - q: "Question ${i}?"\n    a: "${answer(i)}"`).join('\n')}
---

The agency published new procurement rules for AI systems this week. Officials said the rules apply to every contract.
`;

describe('Slack /govai with a reply longer than one message', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ extraFiles: { 'briefings/long-briefing.md': LONG_BRIEFING } });
  });
  afterAll(() => h?.close());

  it('puts the first part in the ack and continues through response_url, nothing lost', async () => {
    const res = await postSlashCommand(h.url, {
      text: 'summary long-briefing',
      response_url: h.slack.responseUrl('long'),
    });
    const first = res.json();
    const total = Number(
      /Part 1 of (\d+), continued in the next message/.exec(
        blocksText(first.blocks as Array<Record<string, unknown>>),
      )?.[1],
    );
    expect(total).toBeGreaterThanOrEqual(2);
    const rest = await h.slack.waitFor(
      () => {
        const r = h.slack.responses.filter((x) => x.id === 'long');
        return r.length >= total - 1 ? r : undefined;
      },
      8_000,
      'continuation parts',
    );
    const parts = [first, ...rest.map((x) => x.body)];
    expect(parts).toHaveLength(total);
    const all = parts.map((p) => blocksText(p.blocks as Array<Record<string, unknown>>)).join('\n');
    for (let i = 1; i <= 6; i++) {
      expect(all).toContain(`Answer ${i} begins.`);
      expect(all).toContain(`Answer ${i} ends.`);
    }
    // Only the last part carries the Share button.
    const withButton = parts.filter((p) => (p.blocks as Array<{ type: string }>).some((b) => b.type === 'actions'));
    expect(withButton).toEqual([parts.at(-1)]);
  });
});

describe('Slack /govai with slack.responseType: in_channel', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ configYaml: 'slack:\n  responseType: in_channel\n' });
  });
  afterAll(() => h?.close());

  it('answers in the channel, without a Share button', async () => {
    const res = await postSlashCommand(h.url, { text: 'summary', response_url: h.slack.responseUrl('s') });
    const body = res.json();
    expect(body.response_type).toBe('in_channel');
    expect((body.blocks as Array<{ type: string }>).some((b) => b.type === 'actions')).toBe(false);
  });
});
