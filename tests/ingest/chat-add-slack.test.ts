import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatAddUrl } from '../../src/ingest/service.js';
import { postSlashCommand } from '../fakes/slack-signing.js';
import { blocksText, startHarness, type SlackHarness } from '../slack/harness.js';
import { fixture, html, startFixtureServer, type FixtureServer } from './helpers.js';

// `/govai add <url>` through the real Bolt app (signed slash commands, fake Slack Web API), fetching a page from a
// fixture server on 127.0.0.1 (allowed here by fetch.allowPrivateNetworks).
describe('Slack /govai add', () => {
  let pages: FixtureServer;
  let h: SlackHarness;
  beforeAll(async () => {
    pages = await startFixtureServer();
    pages.route('/news/gsa-ai-sandbox', html(fixture('article.html')));
    // The finding: a page of nested <div>s (over a minute in Readability) froze the bot for minutes on /govai add.
    pages.route(
      '/news/nested',
      html(
        `<!doctype ` +
          `html><html><body>${'<div>'.repeat(4000)}<p>${'Agencies buy cloud. '.repeat(20)}</p>${'</div>'.repeat(4000)}</body></html>`,
      ),
    );
    h = await startHarness({
      configYaml:
        'admins: ["slack:UADMIN"]\nfetch:\n  allowPrivateNetworks: true\ningest:\n  budget:\n    timeoutSeconds: 2\n',
      context: { addUrl: chatAddUrl },
    });
  });
  afterAll(async () => {
    await h?.close();
    await pages?.close();
  });

  const replyText = async (id: string, res: Awaited<ReturnType<typeof postSlashCommand>>): Promise<string> => {
    if (res.body !== '')
      return `${String(res.json().text ?? '')}\n${blocksText(res.json().blocks as Array<Record<string, unknown>> | undefined)}`;
    const response = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id), 10_000, 'respond()');
    return `${String(response.body.text ?? '')}\n${blocksText(response.body.blocks as Array<Record<string, unknown>> | undefined)}`;
  };

  it('refuses a non-admin politely and fetches nothing', async () => {
    const res = await postSlashCommand(h.url, {
      text: `add ${pages.url('/news/gsa-ai-sandbox')}`,
      user_id: 'UOTHER',
      response_url: h.slack.responseUrl('nonadmin'),
    });
    expect(res.status).toBe(200);
    expect(await replyText('nonadmin', res)).toContain('only govai admins can add articles');
    expect(pages.requests).toHaveLength(0);
  });

  it('adds the page for an admin; the briefing is served at once', async () => {
    const res = await postSlashCommand(h.url, {
      text: `add ${pages.url('/news/gsa-ai-sandbox')}`,
      user_id: 'UADMIN',
      response_url: h.slack.responseUrl('admin'),
    });
    expect(res.status).toBe(200);
    expect(await replyText('admin', res)).toContain('Added "GSA opens a shared AI sandbox for federal agencies"');
    expect(h.ctx.repository.library().get('gsa-opens-a-shared-ai-sandbox-for-federal-agencies')?.source).toBe(
      'Federal Tech Daily',
    );
  });

  it('a hostile page is refused over its budget, naming it, while the bot keeps answering other commands', async () => {
    const url = pages.url('/news/nested');
    const add = await postSlashCommand(h.url, {
      text: `add ${url}`,
      user_id: 'UADMIN',
      response_url: h.slack.responseUrl('nested'),
    });
    expect(add.status).toBe(200);
    // While the page is in its worker, other commands are answered (in the ack) before the add's reply.
    const list = await postSlashCommand(h.url, { text: 'list', response_url: h.slack.responseUrl('list-during') });
    expect(list.status).toBe(200);
    expect(await replyText('list-during', list)).toContain('anthropic-intelligence-agencies');
    expect(h.slack.responses.find((r) => r.id === 'nested')).toBeUndefined();
    const text = await replyText('nested', add);
    expect(text).toContain(url);
    expect(text).toMatch(/budget of 2 s/);
  }, 30_000);
});
