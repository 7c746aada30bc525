// Gateway payloads as Discord sends them, for tests that drive the real discord.js client through the fake.

export const FAKE_IDS = {
  bot: '100000000000000001',
  app: '100000000000000002',
  guild: '100000000000000003',
  channel: '100000000000000004',
  adminRole: '700000000000000001',
} as const;

/** The REST route of a channel's messages (POST to post, GET to read), as a pattern for script() and messagesTo(). */
export const messagesPath = (channel: string) => new RegExp(`^/api/v10/channels/${channel}/messages$`);

/** A 429 as Discord sends it, for script(): retry_after in the body and the x-ratelimit headers discord.js reads. */
export const rateLimited = (seconds: number) => ({
  status: 429,
  body: { message: 'You are being rate limited.', retry_after: seconds, global: false },
  headers: {
    'retry-after': String(seconds),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset-after': String(seconds),
    'x-ratelimit-bucket': 'fake-bucket',
  },
});

let nextSnowflake = 200000000000000000n;
export function snowflake(): string {
  nextSnowflake += 1n;
  return nextSnowflake.toString();
}

/** A MESSAGE_CREATE payload as Discord sends it for a user (or a bot, with `bot: true`). */
export function userMessage(
  text: string,
  options: { channelId?: string; userId?: string; bot?: boolean; mentionBot?: boolean; referenceId?: string } = {},
) {
  const channelId = options.channelId ?? FAKE_IDS.channel;
  // Discord always sends `bot` for bots; discord.js keeps a cached user's flag when it is absent.
  const author = {
    id: options.userId ?? (options.bot ? '300000000000000009' : '300000000000000001'),
    username: options.bot ? 'otherbot' : 'alice',
    discriminator: '0',
    bot: options.bot ?? false,
  };
  return {
    id: snowflake(),
    channel_id: channelId,
    guild_id: FAKE_IDS.guild,
    author,
    member: { roles: [], joined_at: new Date().toISOString() },
    content: text,
    timestamp: new Date().toISOString(),
    type: options.referenceId ? 19 : 0,
    tts: false,
    mention_everyone: false,
    mentions: options.mentionBot ? [{ id: FAKE_IDS.bot, username: 'govai', discriminator: '0', bot: true }] : [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    edited_timestamp: null,
    flags: 0,
    ...(options.referenceId
      ? { message_reference: { message_id: options.referenceId, channel_id: channelId, guild_id: FAKE_IDS.guild } }
      : {}),
  };
}

/**
 * A MESSAGE_CREATE in a DM channel with the bot: no guild_id, no member, `channel_type: 1` (open the channel with
 * `openDm`). discord.js 14.2x builds the partial DM channel from `channel_type`; without it the message is dropped.
 */
export function directMessage(text: string, options: { channelId: string; userId?: string; bot?: boolean }) {
  const {
    guild_id: _guild,
    member: _member,
    ...rest
  } = userMessage(text, {
    channelId: options.channelId,
    ...(options.userId ? { userId: options.userId } : {}),
    ...(options.bot ? { bot: true } : {}),
  });
  return { ...rest, channel_type: 1 };
}

/** An INTERACTION_CREATE for `/govai <sub> [options]` (type 2), or its autocomplete (type 4). */
export function slashInteraction(
  sub: string,
  options: Array<{ name: string; value: string; focused?: boolean }> = [],
  extra: { type?: 2 | 4; userId?: string; roles?: string[] } = {},
) {
  const userId = extra.userId ?? '300000000000000001';
  return {
    id: snowflake(),
    application_id: FAKE_IDS.app,
    type: extra.type ?? 2,
    token: `tok-${snowflake()}`,
    version: 1,
    guild_id: FAKE_IDS.guild,
    channel_id: FAKE_IDS.channel,
    channel: { id: FAKE_IDS.channel, type: 0, guild_id: FAKE_IDS.guild, name: 'general' },
    member: {
      user: { id: userId, username: 'alice', discriminator: '0' },
      roles: extra.roles ?? [],
      permissions: '0',
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
    app_permissions: '0',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': FAKE_IDS.guild },
    context: 0,
    data: {
      id: FAKE_IDS.app,
      name: 'govai',
      type: 1,
      guild_id: FAKE_IDS.guild,
      options: [
        {
          name: sub,
          type: 1,
          options: options.map((o) => ({
            name: o.name,
            type: 3,
            value: o.value,
            ...(o.focused ? { focused: true } : {}),
          })),
        },
      ],
    },
  };
}
