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
    h = await startHarness({
      configYaml: 'admins: ["slack:UADMIN"]\nfetch:\n  allowPrivateNetworks: true\n',
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
});
