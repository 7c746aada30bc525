import type { Command } from '../../src/core/commands.js';
import { parseCommand } from '../../src/core/commands.js';
import { directMessage, FAKE_IDS, slashInteraction, snowflake, userMessage } from '../fakes/fake-discord.js';
import { waitFor } from '../helpers/seed.js';
import { forToken, messageOf, startHarness } from '../discord/harness.js';
import { defineContractSuite } from './contract-suite.js';
import { contractConfig, waitForOutcome } from './driver-common.js';

// The shared contract on Discord: the real discord.js client, a fake gateway delivering INTERACTION_CREATE and
// MESSAGE_CREATE, and what the bot POSTs/PATCHes back flattened to the text a user would read. Every wait is on
// the conversation owner's outcome hook, reported after the reply's last part was sent.

/** The slash-command form of a core command (what a Discord user would pick in the UI). */
function toSlash(command: Command): { sub: string; options: Array<{ name: string; value: string }> } {
  switch (command.name) {
    case 'summary':
      return { sub: 'summary', options: command.id ? [{ name: 'briefing', value: command.id }] : [] };
    case 'ask':
      return { sub: 'ask', options: [{ name: 'question', value: command.question }] };
    case 'digest':
      return { sub: 'digest', options: command.since ? [{ name: 'since', value: command.since }] : [] };
    case 'add':
      return { sub: 'add', options: [{ name: 'url', value: command.url }] };
    case 'search':
      return { sub: 'search', options: [{ name: 'words', value: command.words }] };
    case 'list':
    case 'help':
      // Discord offers only registered subcommands: unknown text cannot be typed, the user picks help.
      return { sub: command.name, options: [] };
  }
}

function visibleText(bodies: unknown[]): string {
  const parts: string[] = [];
  for (const body of bodies) {
    const m = messageOf(body);
    if (m.content) parts.push(m.content);
    for (const e of m.embeds ?? []) {
      parts.push(
        e.title ?? '',
        e.description ?? '',
        ...(e.fields ?? []).flatMap((f: { name: string; value: string }) => [f.name, f.value]),
        e.footer?.text ?? '',
      );
    }
  }
  // Bold markers are formatting, not text the reader sees.
  return parts.filter(Boolean).join('\n').replaceAll('**', '');
}

const hasMessage = (body: unknown) => {
  const m = messageOf(body ?? {});
  return typeof m.content === 'string' || Array.isArray(m.embeds);
};

const seenOf = (bodies: unknown[]) => ({
  text: visibleText(bodies),
  parts: bodies.length,
  raw: JSON.stringify(bodies),
});

defineContractSuite('discord', { bots: true, threads: true, replays: true, dms: true }, async (setup) => {
  const h = await startHarness({ config: contractConfig(setup), files: setup.files });
  const channels = new Map<string, string>();
  const channelId = (name: string) => {
    let id = channels.get(name);
    if (!id) {
      id = snowflake();
      channels.set(name, id);
      h.fake.ensureChannel(id);
    }
    return id;
  };
  const postsTo = (id: string) => h.fake.messagesTo(new RegExp(`^/api/v10/channels/${id}/messages$`));
  /** The bot's last message in a channel, as the real client cached it (what a user replies to). */
  const lastBotMessage = (id: string) => {
    const channel = h.adapter.connection.client().channels.cache.get(id);
    const cache = channel && 'messages' in channel ? channel.messages.cache : undefined;
    return cache?.filter((m) => m.author.id === FAKE_IDS.bot).last()?.id;
  };
  const where = new Map<string, string>();
  async function deliver(event: ReturnType<typeof userMessage>, times = 1) {
    for (let i = 1; i <= times; i++) {
      // discord.js itself drops a redelivered message it still has cached; one it no longer has (a restart, an
      // evicted cache) reaches the adapter again, and that is the case the conversation owner must catch.
      const channel = h.adapter.connection.client().channels.cache.get(event.channel_id);
      if (i > 1 && channel && 'messages' in channel) channel.messages.cache.delete(event.id);
      h.fake.dispatch('MESSAGE_CREATE', event);
      await waitForOutcome(
        h.outcomes,
        () => h.outcomes.filter((o) => o.ref === event.id).length >= i,
        `message ${event.id} (delivery ${i})`,
      );
    }
    return h.outcomes.filter((o) => o.ref === event.id);
  }
  return {
    ctx: h.ctx,
    async command(text) {
      const { sub, options } = toSlash(parseCommand(text));
      const i = slashInteraction(sub, options);
      h.fake.dispatch('INTERACTION_CREATE', i);
      await waitForOutcome(h.commands, (o) => o.ref === i.id, `/govai ${text}`);
      return seenOf(
        forToken(h.fake, i.token)
          .filter((r) => hasMessage(r.body))
          .map((r) => r.body),
      );
    },
    async message(text, options = {}) {
      const replyTo = options.thread ? where.get(options.thread) : undefined;
      const id = replyTo ?? (options.channel ? channelId(options.channel) : channelId(`fresh-${snowflake()}`));
      // A follow-up is a reply to the bot's answer (Discord's "Reply"), the way a user continues there.
      const referenceId = replyTo ? lastBotMessage(replyTo) : undefined;
      if (replyTo && !referenceId) throw new Error('no bot message to reply to');
      const before = postsTo(id).length;
      const event = userMessage(options.mention ? `<@${FAKE_IDS.bot}> ${text}` : text, {
        channelId: id,
        bot: options.fromBot ?? false,
        mentionBot: options.mention ?? false,
        ...(referenceId ? { referenceId } : {}),
      });
      const [outcome] = await deliver(event);
      where.set(event.id, id);
      if (!outcome!.posted) return { ref: event.id };
      return {
        ref: event.id,
        reply: seenOf(
          postsTo(id)
            .slice(before)
            .map((r) => r.body),
        ),
      };
    },
    async replay(text) {
      const id = channelId(`fresh-${snowflake()}`);
      // The gateway redelivers an event after a RESUME: the same MESSAGE_CREATE twice.
      await deliver(userMessage(text, { channelId: id }), 2);
      return postsTo(id).length;
    },
    async direct(text) {
      const id = snowflake();
      h.fake.openDm(id);
      const event = directMessage(text, { channelId: id });
      h.fake.dispatch('MESSAGE_CREATE', event);
      await waitFor(
        () => h.commands.find((o) => o.ref === event.id) ?? h.outcomes.find((o) => o.ref === event.id),
        10_000,
        `DM ${event.id}`,
      );
      const bodies = postsTo(id).map((r) => r.body);
      return bodies.length > 0 ? seenOf(bodies) : undefined;
    },
    pings(raw) {
      const live: string[] = [];
      for (const body of JSON.parse(raw || '[]') as unknown[]) {
        const m = messageOf(body) as {
          content?: string;
          allowed_mentions?: { parse?: string[]; replied_user?: boolean };
        };
        // Only content pings, and only what allowed_mentions lets through (none when parse is empty).
        const allowed = m.allowed_mentions?.parse;
        if (allowed && allowed.length === 0) continue;
        live.push(...(m.content?.match(/@everyone|@here|<@[!&]?\d+>/g) ?? []));
        if (!m.allowed_mentions) live.push('(no allowed_mentions: Discord parses every mention)');
      }
      return live;
    },
    close: () => h.close(),
  };
});
