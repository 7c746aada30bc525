import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { cardText, renderTeams } from '../../src/adapters/teams/render.js';
import { parseConfigText } from '../../src/config/load.js';
import type { Reply } from '../../src/core/reply.js';
import { govaiInProcess } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/seed.js';

// Issue 13 item 9: per-digest `tags:` and `keywords:` filters (include / exclude), and a per-digest title and intro.

const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const article = (id: string, title: string, tags: string[], text: string, age: number) =>
  `---\nid: ${id}\ntitle: "${title}"\nsource: "wire"\npublished: ${day(age)}\ntags: ` +
  `[${tags.join(', ')}]\n---\n\n${text}\n`;

function project(config: string) {
  const p = tempProject();
  const files: Record<string, string> = {
    'gsa-sandbox.md': article(
      'gsa-sandbox',
      'GSA opens an AI sandbox',
      ['procurement'],
      'The General Services Administration opened a shared sandbox where agencies can test models before they buy.',
      1,
    ),
    'dod-contract.md': article(
      'dod-contract',
      'Army signs a language model contract',
      ['defense'],
      'The Army awarded the contract under a new acquisition pathway for commercial software on Tuesday.',
      2,
    ),
    'op-ed.md': article(
      'op-ed',
      'Why agencies buy AI too fast',
      ['procurement', 'opinion'],
      'An opinion column argues that agencies rush acquisition decisions for commercial AI tools without testing.',
      3,
    ),
    'state-translation.md': article(
      'state-translation',
      'State Department pilots AI translation',
      ['diplomacy'],
      'The State Department is testing machine translation for consular services at four embassies this month.',
      1,
    ),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(p.briefingsDir, name), text);
  writeFileSync(path.join(p.dir, 'govai.config.yaml'), config);
  return p;
}

const cli = (cwd: string, args: string[]) => govaiInProcess(args, { cwd, env: { GOVAI_DB: ':memory:' } });

const CONFIG = `digestDays: 30
digests:
  - id: procurement
    cron: "0 9 * * 1"
    to: [console]
    title: Procurement watch
    intro: Federal AI buying news from the past week.
    tags: { include: [procurement], exclude: opinion }
    keywords:
      include: [acquisition, sandbox]
  - id: everything-but-procurement
    cron: "0 9 * * 1"
    to: [console]
    tags: { exclude: [procurement] }
  - id: buying
    cron: "0 9 * * 1"
    to: [console]
    keywords: acquisition
`;

const ids = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('* '))
    .map((l) => l.slice(2).replace(/ \(wire, .*$/, ''));

describe('digest filters, title and intro', () => {
  it('filters each configured digest by tags and keywords, and shows its title and intro', async () => {
    const p = project(CONFIG);
    const procurement = await cli(p.dir, ['digest', '--digest', 'procurement', '--dry-run']);
    expect(procurement.stderr).toBe('');
    expect(procurement.code).toBe(0);
    // Tag procurement, not opinion, and mentions acquisition or sandbox: only the GSA story.
    expect(procurement.stdout).toContain(
      '--- procurement -> console: would send 1 briefing\nProcurement watch\nFederal AI buying news from ' +
        'the past week.\n\n* GSA opens an AI sandbox',
    );
    expect(ids(procurement.stdout)).toEqual(['GSA opens an AI sandbox']);

    const rest = await cli(p.dir, ['digest', '--digest', 'everything-but-procurement', '--dry-run']);
    expect(ids(rest.stdout)).toEqual([
      'State Department pilots AI translation',
      'Army signs a language model contract',
    ]);
    expect(rest.stdout).toContain('\ngovai digest: everything-but-procurement\n\n* ');

    // A keyword is a whole word in the title, tags, keywords or text, ignoring case.
    const buying = await cli(p.dir, ['digest', '--digest', 'buying', '--dry-run']);
    expect(ids(buying.stdout)).toEqual(['Army signs a language model contract', 'Why agencies buy AI too fast']);
  });

  it('accepts a single word or a list, and names the field of a bad filter', () => {
    const ok = parseConfigText(
      'digests:\n  - id: a\n    cron: "0 9 * * *"\n    to: [console]\n    tags: procurement\n    keywords: ' +
        '{ exclude: opinion }\n',
    );
    expect(ok.ok && ok.value.digests[0]).toMatchObject({
      tags: { include: ['procurement'], exclude: [] },
      keywords: { include: [], exclude: ['opinion'] },
    });
    const bad = parseConfigText(
      'digests:\n  - id: a\n    cron: "0 9 * * *"\n    to: [console]\n    tags: { only: [x] }\n    ' +
        'keywords: {}\n    intro: ""\n    title: 5\n',
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems).toEqual([
        'govai.config.yaml: digests.0.title: must be text',
        'govai.config.yaml: digests.0.intro: must not be empty',
        'govai.config.yaml: digests.0.tags: unknown field "only"',
        'govai.config.yaml: digests.0.keywords: needs at least one word in include or exclude',
      ]);
  });

  it('every renderer shows the intro under the title', () => {
    const reply: Reply = {
      kind: 'digest',
      title: 'Procurement watch',
      intro: 'Federal AI buying news from the past week.',
      emptyMessage: 'Nothing new.',
      digest: {
        items: [
          {
            briefingId: 'a',
            title: 'GSA opens an AI sandbox',
            tldr: 'GSA opened it.',
            source: 'wire',
            published: day(1),
          },
        ],
        overflow: [],
      },
    };
    expect(JSON.stringify(renderSlack(reply)[0]!.blocks.slice(0, 2))).toContain(
      'Federal AI buying news from the past week.',
    );
    expect(renderDiscord(reply)[0]!.embeds?.[0]).toMatchObject({
      title: 'Procurement watch',
      description: 'Federal AI buying news from the past week.',
    });
    expect(cardText(renderTeams(reply)[0]!.card).split('\n').slice(0, 2)).toEqual([
      'Procurement watch',
      'Federal AI buying news from the past week.',
    ]);
  });
});
