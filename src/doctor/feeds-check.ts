import { existsSync } from 'node:fs';
import { type GovaiStore, openStore, storeExists, storeLocation } from '../store/store.js';
import type { AppContext } from '../app/context.js';
import type { DoctorCheck, DoctorFinding } from './types.js';
import { decodeBody } from '../ingest/decode-body.js';
import { parseFeedInWorker } from '../ingest/isolate.js';
import { feedStatePath, jsonFileFeedState, type FeedState } from '../ingest/feed-state.js';
import { FetchError, safeFetch, type FetchPolicy } from '../ingest/safe-fetch.js';
import { fetchPolicyFrom } from '../ingest/service.js';
import { plural } from '../core/plural.js';

/** `govai doctor`: fetches each configured feed now and reports what the running poller has recorded about it. */
export function feedsCheck(policyOverrides: Partial<FetchPolicy> = {}): DoctorCheck {
  return {
    name: 'feeds',
    async run(ctx) {
      const feeds = ctx.config.file.feeds;
      if (feeds.length === 0) return [];
      const states = readFeedStates(ctx);
      const policy = fetchPolicyFrom(ctx.config, policyOverrides);
      return Promise.all(feeds.map((f) => checkFeed(f.url, policy, states.get(f.url))));
    },
  };
}

/** What the bot recorded per feed: from the store, or from the JSON file an earlier govai kept (not yet imported). */
function readFeedStates(ctx: AppContext): Map<string, FeedState> {
  const out = new Map<string, FeedState>();
  const legacy = ctx.config.databaseUrl ? undefined : feedStatePath(ctx.config.dbPath);
  if (legacy && existsSync(legacy)) for (const [url, state] of jsonFileFeedState(legacy).all()) out.set(url, state);
  let opened: GovaiStore | undefined;
  try {
    if (!ctx.store && storeExists(ctx.config)) opened = openStore(storeLocation(ctx.config), { readonly: true });
    const store = ctx.store ?? opened;
    for (const [url, state] of store?.feedStates.all() ?? []) out.set(url, state as FeedState);
  } catch {
    // An unreadable store is reported by the deliveries check; the feeds are still fetched below.
  } finally {
    opened?.close();
  }
  return out;
}

async function checkFeed(url: string, policy: FetchPolicy, state: FeedState | undefined): Promise<DoctorFinding> {
  const area = `feed ${url}`;
  const history =
    state && state.failures > 0
      ? ` The bot has failed ${plural(state.failures, 'time')} in a row (last: ` +
        `${state.lastError ?? 'unknown'}); next try ` +
        `${state.nextAttemptAt ? new Date(state.nextAttemptAt).toISOString() : 'soon'}.`
      : '';
  try {
    const res = await safeFetch(url, policy, {
      accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5',
    });
    const parsed = await parseFeedInWorker(decodeBody(res.body, res.headers.get('content-type')), url, policy.budget);
    const seen = state?.initialized ? `, ${state.itemsIngested ?? 0} ingested so far` : ', not polled by the bot yet';
    const recovered = history ? ' It answers now, so the bot will recover at its next try.' : '';
    return {
      area,
      status: history ? 'warn' : 'ok',
      message:
        `${plural(parsed.items.length, 'item')} in ` +
        `"${parsed.title ?? 'untitled feed'}"${seen}.${history}${recovered}`,
    };
  } catch (error) {
    const message = `${(error as Error).message}.${history}`;
    return { area, status: 'fail', message, fix: fixFor(error) };
  }
}

function fixFor(error: unknown): string {
  if (error instanceof FetchError) {
    switch (error.kind) {
      case 'refused':
        return (
          'The feed is on a private or local network: set fetch.allowPrivateNetworks: true in ' +
          'govai.config.yaml if that is intended, else fix the URL.'
        );
      case 'too-large':
        return 'Raise fetch.maxBytes in govai.config.yaml, or use a feed that lists fewer items.';
      case 'timeout':
        return 'The site is slow or down: raise fetch.timeoutMs, or check the URL in a browser.';
      case 'http':
        return error.status === 404 || error.status === 410
          ? 'The feed moved or was removed: find its new URL on the site.'
          : 'The site is failing; the bot backs off and retries on its own.';
      default:
        return 'Check the URL and that this machine can reach the site.';
    }
  }
  return 'The URL does not serve RSS or Atom: open the site and copy the link of its feed.';
}
