import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/adapters/console/render-text.js';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { renderTeams } from '../../src/adapters/teams/render.js';
import type { Reply } from '../../src/core/reply.js';
import { FIXTURES } from './fixtures.js';
import { consoleVisible, discordVisible, slackVisible, squashSpace, teamsVisible } from './flatten.js';

// The same reply says the same thing on every adapter: every fixture is rendered on Slack, Discord, Teams and
// the console, flattened to what a reader sees, and checked for the same content.

const ADAPTERS: Record<string, (reply: Reply) => string> = {
  slack: (r) => slackVisible(renderSlack(r, { continuation: 'thread' })),
  discord: (r) => discordVisible(renderDiscord(r)),
  teams: (r) => teamsVisible(renderTeams(r)),
  console: (r) => consoleVisible(renderText(r)),
};

describe('parity: every reply reads the same on every adapter', () => {
  for (const f of FIXTURES) {
    for (const [adapter, visible] of Object.entries(ADAPTERS)) {
      it(`${f.name} on ${adapter}`, () => {
        const text = visible(f.reply);
        const missing = f.shown.map(squashSpace).filter((s) => !text.includes(s));
        expect(missing, `${adapter} does not show these of "${f.name}":\n${text}`).toEqual([]);
        const leaked = (f.hidden ?? []).filter((s) => text.includes(s));
        expect(leaked, `${adapter} shows what it must not in "${f.name}"`).toEqual([]);
      });
    }
  }

  it('the flatteners see markup as markup (a check that the comparison can fail)', () => {
    const r: Reply = { kind: 'notice', level: 'info', message: 'plain words' };
    expect(slackVisible(renderSlack(r))).toBe('plain words');
    expect(consoleVisible(renderText(r))).toBe('plain words');
    expect(discordVisible(renderDiscord({ kind: 'notice', level: 'info', message: 'other words' }))).not.toContain(
      'plain words',
    );
  });
});
