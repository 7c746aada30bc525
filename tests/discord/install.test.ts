import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { INVITE_SCOPES, inviteUrl, PERMISSIONS_INTEGER } from '../../src/adapters/discord/install.js';
import { REPO_ROOT } from '../helpers/seed.js';

describe('discord installation data', () => {
  it('the permission integer is exactly the five permissions the bot needs', () => {
    const bits = new PermissionsBitField([
      'ViewChannel',
      'SendMessages',
      'SendMessagesInThreads',
      'ReadMessageHistory',
      'EmbedLinks',
    ]).bitfield;
    expect(PERMISSIONS_INTEGER).toBe(bits.toString());
    expect(INVITE_SCOPES).toEqual(['bot', 'applications.commands']);
  });

  it('the README invite URL matches the code', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('## Add govai to Discord');
    expect(readme).toContain(inviteUrl('<APPLICATION_ID>'));
  });
});
