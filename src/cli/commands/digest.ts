import { plural } from '../../core/plural.js';
import { parseCommand } from '../../core/commands.js';
import { digestSchema, destinationSchema, type DigestConfig } from '../../config/file-schema.js';
import type { AppConfig } from '../../config/load.js';
import { createLogger } from '../../log/logger.js';
import { planDigest, withCachedTldrs } from '../../schedule/digest-plan.js';
import { storedSummaries } from '../../app/summaries.js';
import type { SummaryCachePort } from '../../core/grounded/bot-model.js';
import { createScheduler } from '../../schedule/scheduler.js';
import { storeExists, storeLocation, type GovaiStore } from '../../store/store.js';
import { parseFormat, render } from '../format.js';
import { CliError, type CliCommand, type CliIO } from '../io.js';
import { loadCliContext, parseCliArgs } from '../shared.js';
import { renderText } from '../../adapters/console/render-text.js';
import { cliSendSettings, type Ctx, openOrFail, openPublishers } from './digest-publishers.js';
import { parseUncertainAction, resolveUncertain } from './digest-uncertain.js';

// `govai digest`: briefings since a date (as in chat), or, with --to/--now/--dry-run, a configured digest sent now
// through the same delivery log as the scheduler (so the next scheduled run does not repeat it).

export const digestCommand: CliCommand = {
  name: 'digest',
  usage:
    'digest [--since <ISO date>] [--format ...] | digest [--digest <id>] [--to <destination>] (--now | ' +
    '--dry-run | --uncertain delivered|resend)',
  summary:
    'Briefings since a date; or send a configured digest now (--now), show what it would send (--dry-run), ' +
    'or resolve a Teams send that got no answer (--uncertain).',
  async run(args, io) {
    const { values } = parseCliArgs('digest', args, {
      since: { type: 'string' },
      format: { type: 'string', short: 'f' },
      to: { type: 'string' },
      now: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      digest: { type: 'string' },
      uncertain: { type: 'string' },
    });
    if (values.uncertain !== undefined) {
      const action = parseUncertainAction(values.uncertain as string);
      if (values.now === true || values['dry-run'] === true || values.since !== undefined)
        throw new CliError('govai digest: --uncertain combines only with --to and --digest');
      const to = values.to !== undefined ? checkDestination(values.to as string) : undefined;
      const id = values.digest !== undefined ? checkDigestId(values.digest as string) : undefined;
      const ctx = await loadCliContext(io);
      return resolveUncertain(io, ctx, action, {
        ...(id !== undefined ? { digest: id } : {}),
        ...(to !== undefined ? { destination: to } : {}),
      });
    }
    const scheduled =
      values.to !== undefined || values.now === true || values['dry-run'] === true || values.digest !== undefined;
    if (!scheduled) {
      const format = parseFormat(values.format as string | undefined);
      const ctx = await loadCliContext(io, { quiet: format !== 'text' });
      const reply = await ctx.bot.handleCommand(parseCommand(`digest ${values.since ? String(values.since) : ''}`), {
        user: 'cli',
        channel: 'cli',
        isAdmin: true,
      });
      io.stdout.write(`${render(reply, format)}\n`);
      return reply.kind === 'notice' && reply.level === 'error' ? 1 : 0;
    }
    if (values.since !== undefined)
      throw new CliError(
        'govai digest: --since does not combine with --to/--now/--dry-run (a configured digest sends what ' +
          'each destination has not received yet)',
      );
    if (values.now !== true && values['dry-run'] !== true)
      throw new CliError('govai digest: add --now to send, or --dry-run to preview');
    if (values.now === true && values['dry-run'] === true)
      throw new CliError('govai digest: choose --now or --dry-run, not both');
    // Flags first, before the config is read: a bad value is one line naming the flag, never a schema dump.
    const to = values.to !== undefined ? checkDestination(values.to as string) : undefined;
    const id = values.digest !== undefined ? checkDigestId(values.digest as string) : undefined;
    const ctx = await loadCliContext(io);
    const digest = pickDigest(ctx.config, id, to);
    const destinations = to !== undefined ? [to] : digest.to;
    return values['dry-run'] ? dryRun(io, ctx, digest, destinations) : sendNow(io, ctx, digest, destinations);
  },
};

async function dryRun(io: CliIO, ctx: Ctx, digest: DigestConfig, destinations: string[]): Promise<number> {
  // Read the log without changing it; no database yet means nothing was delivered yet.
  const store = storeExists(ctx.config) ? openOrFail(storeLocation(ctx.config), true) : openOrFail(':memory:', false);
  try {
    for (const destination of destinations) {
      const plan = planDigest(
        {
          deliveries: store.deliveries,
          library: () => ctx.repository.library(),
          clock: ctx.clock,
          digestDays: ctx.config.file.digestDays,
        },
        digest,
        destination,
        { dryRun: true },
      );
      const reply = withCachedTldrs(cachedTldrs(ctx, store).summaries, plan.reply, ctx.repository.library());
      io.stdout.write(
        `--- ${digest.id} -> ${destination}: ` +
          `${plan.briefingIds.length === 0 ? (digest.whenEmpty === 'skip' ? 'nothing new, would skip' : 'nothing new, would post "nothing new"') : `would send ${plural(plan.briefingIds.length, 'briefing')}`}\n`,
      );
      if (plan.briefingIds.length > 0 || digest.whenEmpty === 'post') io.stdout.write(`${renderText(reply)}\n\n`);
    }
  } finally {
    store.close();
  }
  return 0;
}

async function sendNow(io: CliIO, ctx: Ctx, digest: DigestConfig, destinations: string[]): Promise<number> {
  const store = openOrFail(storeLocation(ctx.config), false);
  // One line per destination is printed below; the JSON log (retries, waits) only when LOG_LEVEL asks for it.
  const logger = createLogger(ctx.config.env.logLevel ?? 'silent', process.stderr);
  const { publishers, opened, unreachable } = await openPublishers(ctx, destinations, logger, store, io);
  try {
    const scheduler = createScheduler({
      digests: [digest],
      ...cliSendSettings(ctx, store, publishers, logger),
      ...cachedTldrs(ctx, store),
      startTimers: false,
    });
    const outcomes = await scheduler.runNow(digest.id, destinations);
    await scheduler.stop();
    for (const o of outcomes) {
      if (o.status === 'sent')
        io.stderr.write(`sent ${digest.id} to ${o.destination}: ${plural(o.briefingIds.length, 'briefing')}\n`);
      else if (unreachable.has(o.destination) && o.status !== 'failed')
        io.stderr.write(`FAILED ${o.destination}: ${unreachable.get(o.destination)}\n`);
      else if (o.status === 'skipped') io.stderr.write(`skipped ${o.destination}: ${o.reason}\n`);
      else if (o.status === 'already')
        io.stderr.write(`${o.destination}: already handled this second (${o.record.status})\n`);
      else
        io.stderr.write(
          `FAILED ${o.destination}: ${o.error}${o.permanent ? '' : ' (will be retried by the running bot)'}\n`,
        );
    }
    return unreachable.size > 0 || outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  } finally {
    await Promise.allSettled(opened.map((p) => p.close()));
    store.close();
  }
}

/** The TL;DRs the running bot's model made and stored, when a model is configured: read only, no model call. */
function cachedTldrs(ctx: Ctx, store: GovaiStore): { summaries?: SummaryCachePort } {
  const llm = ctx.config.env.llm;
  if (!llm || !ctx.config.file.llm.summaries) return {};
  return { summaries: storedSummaries(store.summaries, `${llm.provider}:${llm.model}`) };
}

function pickDigest(config: AppConfig, id: string | undefined, to: string | undefined): DigestConfig {
  const digests = config.file.digests;
  if (id !== undefined) {
    const found = digests.find((d) => d.id === id);
    if (!found)
      throw new CliError(
        `govai digest: --digest "${id}" is not a configured digest id (configured: ` +
          `${digests.map((d) => d.id).join(', ') || 'none'})`,
      );
    return found;
  }
  const listing = to !== undefined ? digests.find((d) => d.to.includes(to)) : undefined;
  if (listing ?? digests[0]) return (listing ?? digests[0])!;
  if (to === undefined)
    throw new CliError(
      'govai digest: no digests are configured; give --to <destination>, or add a digests: section to ' +
        'govai.config.yaml',
    );
  // No digest configured: an ad-hoc one, still recorded under its own id so repeated sends do not repeat briefings.
  // `to` was already checked by checkDestination, so this parse cannot fail on user input.
  return digestSchema.parse({ id: 'manual', cron: '0 0 1 1 *', to: [to] });
}

function checkDestination(value: string): string {
  const parsed = destinationSchema.safeParse(value);
  if (!parsed.success)
    throw new CliError(
      `govai digest: --to ${parsed.error.issues[0]?.message ?? 'is not a destination'} (got "${value}")`,
    );
  return parsed.data;
}

function checkDigestId(value: string): string {
  const parsed = digestSchema.shape.id.safeParse(value.trim());
  if (!parsed.success)
    throw new CliError(
      `govai digest: --digest must be a digest id from govai.config.yaml (lowercase letters, digits and ` +
        `dashes, e.g. morning) (got "${value}")`,
    );
  return parsed.data;
}
