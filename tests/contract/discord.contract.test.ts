import type { Command } from '../../src/core/commands.js';
import { parseCommand } from '../../src/core/commands.js';
import { FAKE_IDS, slashInteraction, snowflake, userMessage } from '../fakes/fake-discord.js';
import { waitFor } from '../helpers/seed.js';
import { forToken, messageOf, startHarness } from '../discord/harness.js';
import { defineContractSuite } from './contract-suite.js';

// The shared contract on Discord: the real discord.js client, a fake gateway delivering INTERACTION_CREATE and
// MESSAGE_CREATE, and what the bot POSTs/PATCHes back flattened to the text a user would read.

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
      parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f: { name: string; value: string }) => [f.name, f.value]), e.footer?.text ?? '');
    }
  }
  // Bold markers are formatting, not text the reader sees.
  return parts.filter(Boolean).join('\n').replaceAll('**', '');
}

const hasMessage = (body: unknown) => {
  const m = messageOf(body ?? {});
  return typeof m.content === 'string' || Array.isArray(m.embeds);
};

defineContractSuite('discord', async ({ cooldownSeconds }) => {
  const h = await startHarness({ config: `triggers:\n  cooldownSeconds: ${cooldownSeconds}\n` });
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

  return {
    async command(text) {
      const { sub, options } = toSlash(parseCommand(text));
      const i = slashInteraction(sub, options);
      h.fake.dispatch('INTERACTION_CREATE', i);
      const withMessage = () => forToken(h.fake, i.token).filter((r) => hasMessage(r.body));
      await waitFor(() => (withMessage().length > 0 ? true : undefined), 10_000, `reply to /govai ${text}`);
      // Follow-ups (overflow) come right after the first part: wait until the token has been quiet a moment.
      let count = -1;
      await waitFor(async () => {
        const now = forToken(h.fake, i.token).length;
        if (now === count) return true;
        count = now;
        await new Promise((r) => setTimeout(r, 150));
        return undefined;
      }, 10_000, 'follow-ups');
      return visibleText(withMessage().map((r) => r.body));
    },
    async message(text, options = {}) {
      const id = options.channel ? channelId(options.channel) : channelId(`fresh-${snowflake()}`);
      const before = postsTo(id).length;
      h.fake.dispatch('MESSAGE_CREATE', userMessage(text, { channelId: id, bot: options.fromBot ?? false }));
      // Gateway events are handled in order: once a later mention in a probe channel is answered, this message
      // has been decided too. Then a bounded grace period for its reply to land.
      const probe = channelId(`probe-${snowflake()}`);
      h.fake.dispatch('MESSAGE_CREATE', userMessage(`<@${FAKE_IDS.bot}> what is Constitutional AI?`, { channelId: probe, mentionBot: true }));
      await waitFor(() => (postsTo(probe).length > 0 ? true : undefined), 10_000, 'probe answer');
      const end = Date.now() + 600;
      while (postsTo(id).length === before && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      const replies = postsTo(id).slice(before);
      return replies.length > 0 ? visibleText(replies.map((r) => r.body)) : undefined;
    },
    close: () => h.close(),
  };
});
