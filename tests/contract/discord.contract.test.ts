import { commandFromSlash } from '../../src/adapters/discord/commands.js';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import type { Command } from '../../src/core/commands.js';
import { parseCommand } from '../../src/core/commands.js';
import { slashInteraction, snowflake, userMessage } from '../fakes/fake-discord.js';
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
  const repliesTo = (r: { body: { message_reference?: { message_id?: string } } }, messageId: string) =>
    r.body?.message_reference?.message_id === messageId;
  return {
    async command(text) {
      const { sub, options } = toSlash(parseCommand(text));
      const i = slashInteraction(sub, options);
      h.fake.dispatch('INTERACTION_CREATE', i);
      const withMessage = () => forToken(h.fake, i.token).filter((r) => hasMessage(r.body));
      // Overflow goes out as follow-ups after the first part, and interactions are handled concurrently, so no
      // later event orders after them. Wait for the number of parts this reply renders to instead of a quiet
      // window: a slow follow-up cannot be missed, and a dropped one times out.
      const command = commandFromSlash(sub, (name) => options.find((o) => o.name === name)?.value);
      const reply = await h.ctx.bot.handleCommand(command, {
        user: `discord:${i.member.user.id}`,
        channel: `discord:${i.channel_id}`,
        isAdmin: false,
      });
      const parts = renderDiscord(reply, { allowedMentions: h.ctx.config.file.discord.allowedMentions }).length;
      await waitFor(
        () => (withMessage().length >= parts ? true : undefined),
        10_000,
        `${parts} part(s) of the reply to /govai ${text}`,
      );
      return visibleText(withMessage().map((r) => r.body));
    },
    async message(text, options = {}) {
      const id = options.channel ? channelId(options.channel) : channelId(`fresh-${snowflake()}`);
      const before = postsTo(id).length;
      const event = userMessage(text, { channelId: id, bot: options.fromBot ?? false });
      h.fake.dispatch('MESSAGE_CREATE', event);
      // The conversation owner reports each message once its reply (every part) was sent, or once it chose silence.
      const outcome = await h.outcome(event.id);
      if (outcome.decision.kind === 'ignore') return undefined;
      return visibleText(
        postsTo(id)
          .slice(before)
          .map((r) => r.body),
      );
    },
    close: () => h.close(),
  };
});
