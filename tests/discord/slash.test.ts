import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_IDS, slashInteraction } from '../fakes/fake-discord.js';
import { SEED_TITLE, waitFor } from '../helpers/seed.js';
import { forToken, type Harness, messageOf, startHarness } from './harness.js';

// `/govai` through the real discord.js client and a fake gateway + REST API.

describe('discord /govai slash command', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => h?.close());

  it('asks for the guilds, messages, direct messages and Message Content intents', () => {
    expect(h.fake.identifies[0]!.intents).toBe((1 << 0) | (1 << 9) | (1 << 12) | (1 << 15));
  });

  it('/govai summary gets the seed briefing as an embed through the interaction callback, ephemeral', async () => {
    const i = slashInteraction('summary');
    h.fake.dispatch('INTERACTION_CREATE', i);
    const [callback] = await waitFor(
      () => (forToken(h.fake, i.token).length > 0 ? forToken(h.fake, i.token) : undefined),
      10_000,
      'callback',
    );
    expect(callback!.method).toBe('POST');
    expect(callback!.path).toBe(`/api/v10/interactions/${i.id}/${i.token}/callback`);
    expect(callback!.body.type).toBe(4);
    expect(callback!.body.data.flags).toBe(64);
    const embed = callback!.body.data.embeds[0];
    expect(embed.title).toBe(SEED_TITLE);
    expect(embed.description).toMatch(/TL;DR/);
    expect(callback!.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('/govai summary <id> picks that briefing; an unknown id says so', async () => {
    const known = h.ctx.repository.library().briefings[0]!.id;
    for (const [id, expected] of [
      [known, SEED_TITLE],
      ['no-such-briefing', 'No briefing has the id'],
    ] as const) {
      const i = slashInteraction('summary', [{ name: 'briefing', value: id }]);
      h.fake.dispatch('INTERACTION_CREATE', i);
      const [callback] = await waitFor(
        () => (forToken(h.fake, i.token).length > 0 ? forToken(h.fake, i.token) : undefined),
        10_000,
        'callback',
      );
      expect(JSON.stringify(callback!.body)).toContain(expected);
    }
  });

  it('/govai ask is deferred, then the original response is edited with the quoted answer', async () => {
    const i = slashInteraction('ask', [{ name: 'question', value: 'What is Constitutional AI?' }]);
    h.fake.dispatch('INTERACTION_CREATE', i);
    const reqs = await waitFor(
      () => (forToken(h.fake, i.token).length >= 2 ? forToken(h.fake, i.token) : undefined),
      10_000,
      'deferral + edit',
    );
    expect(reqs[0]!.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(reqs[1]!.method).toBe('PATCH');
    expect(reqs[1]!.path).toBe(`/api/v10/webhooks/${FAKE_IDS.app}/${i.token}/messages/@original`);
    const description: string = messageOf(reqs[1]!.body).embeds![0].description;
    expect(description.replaceAll('**', '')).toContain('builds specific behavioral rules into Claude');
    expect(description).toMatch(/^> /);
    expect(description).toContain('paragraph 5');
    expect(messageOf(reqs[1]!.body).allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('autocomplete offers briefing ids matching what is typed', async () => {
    const i = slashInteraction('summary', [{ name: 'briefing', value: 'anthropic', focused: true }], { type: 4 });
    h.fake.dispatch('INTERACTION_CREATE', i);
    const [callback] = await waitFor(
      () => (forToken(h.fake, i.token).length > 0 ? forToken(h.fake, i.token) : undefined),
      10_000,
      'autocomplete',
    );
    expect(callback!.body.type).toBe(8);
    expect(callback!.body.data.choices[0]).toEqual({
      name: SEED_TITLE,
      value: h.ctx.repository.library().briefings[0]!.id,
    });
  });

  it('/govai add is refused for non-admins', async () => {
    const i = slashInteraction('add', [{ name: 'url', value: 'http://127.0.0.1:9/a' }]);
    h.fake.dispatch('INTERACTION_CREATE', i);
    const reqs = await waitFor(
      () => (forToken(h.fake, i.token).length >= 2 ? forToken(h.fake, i.token) : undefined),
      10_000,
      'add reply',
    );
    expect(messageOf(reqs[1]!.body).content).toMatch(/only govai admins/);
  });

  it('a replayed interaction id is answered once', async () => {
    const i = slashInteraction('list');
    h.fake.dispatch('INTERACTION_CREATE', i);
    h.fake.dispatch('INTERACTION_CREATE', i);
    await waitFor(() => (forToken(h.fake, i.token).length > 0 ? true : undefined), 10_000, 'list reply');
    const probe = slashInteraction('help');
    h.fake.dispatch('INTERACTION_CREATE', probe);
    await waitFor(() => (forToken(h.fake, probe.token).length > 0 ? true : undefined), 10_000, 'help reply');
    expect(forToken(h.fake, i.token)).toHaveLength(1);
  });
});

describe('discord /govai overflow and public replies', () => {
  let h: Harness;
  const files: Record<string, string> = {};
  for (let n = 0; n < 60; n++) {
    const title =
      `Agency ${n} publishes a long-titled guidance note on procurement of artificial intelligence systems, ` +
      `edition ${n}`;
    files[`briefings/note-${n}.md`] =
      `---\nid: note-${n}\ntitle: "${title}"\nsource: "test"\npublished: ` +
      `2026-11-${String((n % 20) + 1).padStart(2, '0')}\n---\n\nAgency ${n} published guidance on buying AI ` +
      `systems for its offices this week.\nThe note asks buyers to document testing before any purchase is ` +
      `approved.\n`;
  }
  beforeAll(async () => {
    h = await startHarness({
      config: 'discord:\n  publicReplies: true\nadmins: ["discord-role:700000000000000001"]\n',
      files,
    });
  }, 60_000);
  afterAll(async () => h?.close());

  it('a reply too long for one message continues in follow-ups, nothing dropped, every part non-pinging and public', async () => {
    const i = slashInteraction('list');
    h.fake.dispatch('INTERACTION_CREATE', i);
    const all = () => forToken(h.fake, i.token);
    const text = () =>
      all()
        .map((r) => JSON.stringify(messageOf(r.body).embeds))
        .join('\n');
    // Done when every briefing id has arrived, in whichever part.
    await waitFor(
      () =>
        Array.from({ length: 60 }, (_, n) => `\`note-${n}\``).every((id) => text().includes(id)) ? true : undefined,
      10_000,
      'all parts',
    );
    expect(all().length).toBeGreaterThanOrEqual(2);
    const [first, ...rest] = all();
    expect(first!.body.type).toBe(4);
    expect(first!.body.data.flags ?? 0).toBe(0);
    for (const r of rest) {
      expect(r.method).toBe('POST');
      expect(r.path).toBe(`/api/v10/webhooks/${FAKE_IDS.app}/${i.token}`);
    }
    for (const r of all()) expect(messageOf(r.body).allowed_mentions?.parse).toEqual([]);
  });

  it('an admin by role may use /govai add (it reaches the add step instead of the refusal)', async () => {
    // A loopback URL: the fetch guard refuses it without any network access (tests reach only 127.0.0.1).
    const i = slashInteraction('add', [{ name: 'url', value: 'http://127.0.0.1:9/a' }], {
      roles: [FAKE_IDS.adminRole],
    });
    h.fake.dispatch('INTERACTION_CREATE', i);
    const reqs = await waitFor(
      () => (forToken(h.fake, i.token).length >= 2 ? forToken(h.fake, i.token) : undefined),
      10_000,
      'add reply',
    );
    expect(reqs[0]!.body.type).toBe(5); // deferred
    expect(reqs[0]!.body.data?.flags ?? 0).toBe(0); // public
    expect(messageOf(reqs[1]!.body).content).not.toMatch(/only govai admins/);
    expect(messageOf(reqs[1]!.body).content).toMatch(/Could not add http:\/\/127\.0\.0\.1:9\/a|not enabled here/);
  });
});
