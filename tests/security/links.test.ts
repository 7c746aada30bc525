import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { renderTeams } from '../../src/adapters/teams/render.js';
import { isDeceptiveLabel } from '../../src/core/link-label.js';
import type { Briefing } from '../../src/core/model.js';
import type { Reply } from '../../src/core/reply.js';
import { discordVisible, slackVisible } from '../parity/flatten.js';

// Links that tell the truth (issue 11): article text never becomes a link that lies about where it goes. The
// hostile fixtures are the ones found in testing: a masked link written into article text, a title with brackets,
// and a title written like a URL pointing at another host.

// Teams' activity `summary` is the plain-text notification preview: never parsed as markdown.
const TEAMS_PLAIN = ['summary'];
const MASKED = '[https://www.whitehouse.gov](https://evil.example)';
const URL_TITLE = 'https://www.whitehouse.gov';

function briefing(over: Partial<Briefing>): Briefing {
  const cite = { briefingId: 'h1', title: over.title ?? 'T', paragraph: 1, url: over.url };
  return {
    id: 'h1',
    title: 'Hostile',
    headline: 'Hostile',
    source: 'Wire',
    url: 'https://news.example/a',
    published: '2026-11-20',
    tags: [],
    keywords: [],
    tldr: `Read ${MASKED} now.`,
    keyPoints: [{ text: `Point ${MASKED}.`, citation: cite }],
    sections: [],
    glossary: [{ term: 'IL6', definition: `See ${MASKED}.`, citation: cite }],
    entities: [],
    qa: [{ question: 'Where?', answer: MASKED, citation: cite, origin: 'generated' }],
    paragraphs: [`Body ${MASKED}.`],
    ...over,
  };
}

function replies(b: Briefing): Reply[] {
  const citation = {
    briefingId: b.id,
    title: b.title,
    source: b.source,
    paragraph: 1,
    ...(b.url ? { url: b.url } : {}),
  };
  const item = {
    briefingId: b.id,
    title: b.title,
    tldr: b.tldr,
    source: b.source,
    published: b.published,
    ...(b.url ? { url: b.url } : {}),
  };
  return [
    { kind: 'briefing', briefing: b },
    { kind: 'answer', answer: { question: 'q', quote: `It says ${MASKED}.`, citation, score: 1 } },
    {
      kind: 'list',
      items: [{ id: b.id, title: b.title, source: b.source, published: b.published, ...(b.url ? { url: b.url } : {}) }],
    },
    { kind: 'digest', title: 'Digest', emptyMessage: 'none', digest: { items: [item], overflow: [] } },
  ] as Reply[];
}

/** Every string in a rendered payload (texts, titles, fields), where markdown is read. */
function strings(value: unknown, plainKeys: readonly string[] = []): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, plainKeys));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (plainKeys.includes(k) ? [] : strings(v, plainKeys)));
  return [];
}

/** Masked links `[label](url)` Discord (and Teams markdown) would render: an escaped `\[` is not one. */
function markdownLinks(text: string): Array<{ label: string; url: string }> {
  const out: Array<{ label: string; url: string }> = [];
  for (const m of text.matchAll(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\((https?:\/\/[^)\s]+)\)/g))
    out.push({ label: m[1]!.replace(/\\(.)/g, '$1'), url: m[2]! });
  return out;
}

/** Slack links `<url|label>`. */
function slackLinks(text: string): Array<{ label: string; url: string }> {
  return [...text.matchAll(/<(https?:\/\/[^|>]+)\|([^>]*)>/g)].map((m) => ({ url: m[1]!, label: m[2]! }));
}

const hostile = [
  { name: 'a masked link inside article text', briefing: briefing({}) },
  { name: 'a title with brackets and a link', briefing: briefing({ title: `Story ${MASKED}` }) },
  {
    name: 'a title written like a URL to another host',
    briefing: briefing({ title: URL_TITLE, url: 'https://evil.example/x' }),
  },
];

describe('links that tell the truth', () => {
  for (const { name, briefing: b } of hostile) {
    it(`Discord: ${name}`, () => {
      for (const reply of replies(b)) {
        for (const link of strings(renderDiscord(reply)).flatMap(markdownLinks)) {
          expect(isDeceptiveLabel(link.label, link.url), `${reply.kind}: [${link.label}](${link.url})`).toBe(false);
          // The only link targets are the briefing's own URL: nothing from article text.
          expect(link.url, reply.kind).toBe(b.url);
        }
      }
    });

    it(`Slack: ${name}`, () => {
      for (const reply of replies(b)) {
        const all = JSON.stringify(renderSlack(reply));
        for (const link of strings(renderSlack(reply)).flatMap(slackLinks)) {
          expect(isDeceptiveLabel(link.label, link.url), `${reply.kind}: <${link.url}|${link.label}>`).toBe(false);
          expect(link.url, reply.kind).toBe(b.url);
        }
        expect(all, reply.kind).not.toContain('<https://evil.example|');
      }
    });

    it(`Teams: ${name}`, () => {
      for (const reply of replies(b)) {
        for (const link of strings(renderTeams(reply), TEAMS_PLAIN).flatMap(markdownLinks)) {
          expect(isDeceptiveLabel(link.label, link.url), `${reply.kind}: [${link.label}](${link.url})`).toBe(false);
          expect(link.url, reply.kind).toBe(b.url);
        }
      }
    });
  }

  it('tells a deceptive label from an honest one', () => {
    expect(isDeceptiveLabel('https://www.whitehouse.gov', 'https://evil.example/x')).toBe(true);
    expect(isDeceptiveLabel('whitehouse.gov announces a plan', 'https://evil.example/x')).toBe(true);
    expect(isDeceptiveLabel('White House announces a plan', 'https://evil.example/x')).toBe(false);
    expect(isDeceptiveLabel('https://news.example/a', 'https://news.example/a')).toBe(false);
    expect(isDeceptiveLabel('news.example reports', 'https://www.news.example/a')).toBe(false);
    expect(isDeceptiveLabel('U.S. agencies buy AI', 'https://news.example/a')).toBe(false);
    expect(isDeceptiveLabel('anything', 'javascript:alert(1)')).toBe(true);
  });
});

describe('a model-written TL;DR (from the summary cache) stays inert like a model answer', () => {
  const URL_IN_TEXT = 'Agencies must read https://evil.example/claim before fielding.';
  const modelBriefing = briefing({
    tldr: URL_IN_TEXT,
    keyPoints: [{ text: URL_IN_TEXT, citation: { briefingId: 'h1', title: 'Hostile', paragraph: 1 } }],
    summaryBy: { model: 'anthropic:claude-test', tldrParagraphs: [1], keyPoints: true },
    // Only the model's text carries the address here.
    glossary: [],
    qa: [],
    paragraphs: ['Body.'],
  });
  const digest: Reply = {
    kind: 'digest',
    title: 'Morning',
    emptyMessage: '',
    digest: {
      items: [
        {
          briefingId: 'h1',
          title: 'Hostile',
          tldr: URL_IN_TEXT,
          tldrBy: 'anthropic:claude-test',
          source: 'Wire',
          published: '2026-11-20',
        },
      ],
      overflow: [],
    },
  };

  it('Slack and Discord break a bare URL in the model text (no auto-link); offline text keeps it', () => {
    for (const reply of [{ kind: 'briefing', briefing: modelBriefing } as Reply, digest]) {
      const slack = renderSlack(reply);
      const discord = renderDiscord(reply);
      for (const json of [JSON.stringify(slack), JSON.stringify(discord)]) {
        expect(json, reply.kind).not.toContain('https://evil.example');
        expect(json, reply.kind).toContain('https\u2060://evil');
      }
      expect(slackVisible(slack)).toContain('Written by anthropic:claude-test');
      expect(discordVisible(discord)).toContain('Written by anthropic:claude-test');
    }
    // The same text written offline is the article's own address: it may auto-link, and no model is named.
    const offline = JSON.stringify(
      renderSlack({ kind: 'briefing', briefing: { ...modelBriefing, summaryBy: undefined } }),
    );
    expect(offline).toContain('https://evil.example/claim');
    expect(offline).not.toContain('Written by');
  });
});
