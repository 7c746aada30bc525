import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EVENTS_PATH } from '../../src/adapters/slack/app.js';
import { SLASH_COMMAND } from '../../src/adapters/slack/listeners/command.js';
import { COMMAND_SPECS } from '../../src/core/commands.js';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../src/doctor/slack-check.js';
import { REPO_ROOT } from '../helpers/seed.js';

// The manifest a newcomer installs must match what the code listens for and what doctor checks.
describe('slack-app-manifest.yaml', () => {
  const manifest = parse(readFileSync(path.join(REPO_ROOT, 'slack-app-manifest.yaml'), 'utf8'));

  it('declares the command, the events and interactivity at the adapter path', () => {
    const command = manifest.features.slash_commands[0];
    expect(command.command).toBe(SLASH_COMMAND);
    for (const url of [
      command.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ]) {
      expect(new URL(url).pathname).toBe(EVENTS_PATH);
    }
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_mention', 'message.channels', 'message.groups', 'message.im']),
    );
    expect(manifest.features.app_home).toMatchObject({
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    // The hint Slack shows while typing /govai names every command anyone may use (search too: issue 13 item 10).
    const hint = command.usage_hint as string;
    for (const spec of COMMAND_SPECS.filter((c) => c.name !== 'add')) expect(hint).toContain(spec.name);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for every scope doctor checks, and no others', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [...Object.keys(REQUIRED_SCOPES), ...Object.keys(OPTIONAL_SCOPES)].sort(),
    );
  });
});
