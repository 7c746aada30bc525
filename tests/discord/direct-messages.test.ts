import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatOutcome, CommandOutcome } from '../../src/app/conversation.js';
import { directMessage, snowflake } from '../fakes/fake-discord.js';
import { SEED_TITLE, waitFor } from '../helpers/seed.js';
import { type Harness, messageOf, startHarness } from './harness.js';

// Direct messages through the real discord.js client against the fake gateway: the DirectMessages intent is asked
// for, a DM channel the client has never seen arrives as a partial channel, commands typed as text run, and
// plain questions are answered without a watched term (also with passive listening off).
describe('Discord direct messages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: 'triggers:\n  enabled: false\n' });
  }, 30_000);
  afterAll(() => h?.close());

  const postsTo = (id: string) => h.fake.messagesTo(new RegExp(`^/api/v10/channels/${id}/messages$`));
  const visible = (id: string) =>
    postsTo(id)
      .map((r) => {
        const m = messageOf(r.body);
        return [m.content ?? '', ...(m.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
      })
      .join('\n');
  const settled = (id: string): Promise<ChatOutcome | CommandOutcome> =>
    waitFor(
      () => h.commands.find((o) => o.ref === id) ?? h.outcomes.find((o) => o.ref === id),
      10_000,
      `outcome of DM ${id}`,
    );
  const dm = () => {
    const id = snowflake();
    h.fake.openDm(id);
    return id;
  };

  it('asks the gateway for direct messages', () => {
    const DIRECT_MESSAGES = 1 << 12;
    expect(h.fake.identifies.at(-1)!.intents & DIRECT_MESSAGES).toBe(DIRECT_MESSAGES);
  });

  it('a command typed in a DM runs, and the reply goes into the DM', async () => {
    const channel = dm();
    const event = directMessage('summary', { channelId: channel });
    h.fake.dispatch('MESSAGE_CREATE', event);
    expect(((await settled(event.id)) as CommandOutcome).command).toBe('summary');
    expect(visible(channel)).toContain(SEED_TITLE);
    const help = directMessage('help', { channelId: channel });
    h.fake.dispatch('MESSAGE_CREATE', help);
    expect(((await settled(help.id)) as CommandOutcome).command).toBe('help');
  });

  it('a plain question in a DM is answered without a watched term or a mention; unknowns say so', async () => {
    const channel = dm();
    const event = directMessage('Who has a head start with the agencies?', { channelId: channel });
    h.fake.dispatch('MESSAGE_CREATE', event);
    expect(((await settled(event.id)) as ChatOutcome).decision.kind).toBe('answer');
    expect(visible(channel)).toMatch(/Microsoft/);
    const other = dm();
    const unknown = directMessage('what is the weather in Paris', { channelId: other });
    h.fake.dispatch('MESSAGE_CREATE', unknown);
    expect(((await settled(unknown.id)) as ChatOutcome).decision.kind).toBe('decline');
    expect(visible(other)).toMatch(/don.t know/i);
  });

  it('a bot writing in a DM gets nothing', async () => {
    const channel = dm();
    const event = directMessage('summary', { channelId: channel, bot: true });
    h.fake.dispatch('MESSAGE_CREATE', event);
    expect(((await settled(event.id)) as ChatOutcome).decision).toMatchObject({ kind: 'ignore', reason: 'bot' });
    expect(postsTo(channel)).toHaveLength(0);
  });
});
