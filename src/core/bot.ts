import type { Command } from './commands.js';
import { COMMAND_SPECS } from './commands.js';
import { type BotModel, modelAsk, withModelDigest, withModelSummary } from './grounded/bot-model.js';
import type { Library } from './library.js';
import type { AskResult } from './model.js';
import type { Clock, CooldownStore } from './ports.js';
import type { Reply, Trigger } from './reply.js';
import { notice } from './reply.js';
import { createTriggerMatcher, isQuestion, type TriggerMatcher } from './triggers.js';

export interface TriggerSettings {
  /**
   * Passive keyword listening. `false` turns it off: the bot then answers only direct requests, i.e. messages that
   * mention it (and commands). Thread follow-ups without a mention are passive too. Same on every adapter.
   */
  enabled?: boolean;
  /** Terms watched in addition to the briefings' keywords and glossary. */
  extraTerms: string[];
  cooldownSeconds: number;
  /** Answer only messages that ask something (mentions are always answered). */
  requireQuestion: boolean;
  /** Channels to listen in, as adapter-qualified ids (`slack:C1`); undefined = everywhere the bot is. */
  channels?: string[];
}

export const DEFAULT_TRIGGERS: TriggerSettings = { extraTerms: [], cooldownSeconds: 600, requireQuestion: true };

export interface CommandContext {
  /** Adapter-qualified user id, e.g. `slack:U123`. */
  user: string;
  channel: string;
  /** Set by the adapter from the config's `admins:` list (users or roles). */
  isAdmin?: boolean;
}

/** Adds an article from a URL; provided by the ingest layer. */
export type AddUrl = (
  url: string,
) => Promise<{ ok: true; briefingId: string; title: string } | { ok: false; message: string }>;

export interface BotDeps {
  /** A function so hot reload can swap the library without rebuilding the bot. */
  library: () => Library;
  cooldowns: CooldownStore;
  clock: Clock;
  triggers?: TriggerSettings;
  addUrl?: AddUrl;
  /** Default look-back of `digest` without a date. */
  digestDays?: number;
  /** An optional language model (answers, TL;DRs); absent = offline only. */
  model?: BotModel;
}

export interface IncomingMessage {
  /** Adapter-qualified channel id, e.g. `slack:C1`, `discord:123`, `console`. */
  channel: string;
  user: string;
  text: string;
  fromBot: boolean;
  mentionsBot: boolean;
  /** The briefing the bot already answered from in this thread, if any. */
  threadBriefingId?: string;
}

export type MessageDecision =
  | {
      kind: 'ignore';
      reason: 'bot' | 'channel' | 'triggers-off' | 'no-term' | 'not-question' | 'cooldown' | 'no-answer';
    }
  | { kind: 'answer'; reply: Extract<Reply, { kind: 'answer' }>; trigger: Trigger; briefingId: string }
  /** A direct mention the library cannot answer: a short "I don't know" with what was looked for, never silence. */
  | { kind: 'decline'; reply: Extract<Reply, { kind: 'unknown' }>; trigger: Trigger };

export interface Bot {
  handleCommand(command: Command, context: CommandContext): Promise<Reply>;
  handleMessage(message: IncomingMessage): MessageDecision;
  /**
   * With a model configured, replaces an answer decision's offline answer by the model's verified one (within
   * the trigger time limit); otherwise returns the decision unchanged. Adapters call it after handleMessage.
   */
  groundMessage(decision: MessageDecision, message: IncomingMessage): Promise<MessageDecision>;
  /** The current matcher (rebuilt when the library changes). */
  matcher(): TriggerMatcher;
  /** Whether chat that does not mention the bot can be answered (`triggers.enabled`), for adapters' start-up notes. */
  readonly listensPassively: boolean;
}

export function createBot(deps: BotDeps): Bot {
  const settings = deps.triggers ?? DEFAULT_TRIGGERS;
  let cached: { library: Library; matcher: TriggerMatcher } | undefined;
  const matcher = () => {
    const library = deps.library();
    if (cached?.library !== library) {
      cached = { library, matcher: createTriggerMatcher([...settings.extraTerms, ...library.watchedTerms()]) };
    }
    return cached.matcher;
  };

  return {
    matcher,
    listensPassively: settings.enabled !== false,
    async handleCommand(command, context) {
      const library = deps.library();
      switch (command.name) {
        case 'help':
          return { kind: 'help', commands: COMMAND_SPECS, ...(command.unknown ? { unknown: command.unknown } : {}) };
        case 'list':
          return {
            kind: 'list',
            items: library.briefings.map((b) => ({
              id: b.id,
              title: b.title,
              source: b.source,
              published: b.published,
              ...(b.url ? { url: b.url } : {}),
            })),
          };
        case 'search': {
          const words = command.words.trim();
          if (!words) return notice('Usage: `search <words>`, e.g. `search IL6 procurement`.', 'error');
          const found = library.search(words);
          if (found.length === 0)
            return notice(`No briefing mentions "${words}". Try fewer words, or \`list\` to see them all.`);
          return {
            kind: 'list',
            items: found.map((b) => ({
              id: b.id,
              title: b.title,
              source: b.source,
              published: b.published,
              ...(b.url ? { url: b.url } : {}),
            })),
          };
        }
        case 'summary': {
          const briefing = command.id ? library.get(command.id) : library.latest();
          if (briefing) return { kind: 'briefing', briefing: withModelSummary(deps.model, briefing) };
          if (!command.id) return notice('There are no briefings yet. Add one to briefings/ or with `add <url>`.');
          return notice(`No briefing has the id "${command.id}". Try \`list\` to see them.`, 'error');
        }
        case 'ask':
          if (command.briefingId && !library.get(command.briefingId)) {
            return notice(`No briefing has the id "${command.briefingId}". Try \`list\` to see them.`, 'error');
          }
          {
            const options = command.briefingId ? { briefingId: command.briefingId } : {};
            return askReply(
              await modelAsk(
                deps.model,
                library,
                command.question,
                options,
                library.ask(command.question, options),
                'command',
              ),
            );
          }
        case 'digest': {
          const sinceMs = command.since ? Date.parse(command.since) : Number.NaN;
          if (command.since && Number.isNaN(sinceMs)) {
            return notice(`"${command.since}" is not a date. Use an ISO date such as 2026-11-01.`, 'error');
          }
          // The default look-back starts at midnight UTC so the date shown ("since 2026-11-20") is the rule applied.
          const since =
            command.since ?? new Date(deps.clock() - (deps.digestDays ?? 7) * 86_400_000).toISOString().slice(0, 10);
          return {
            kind: 'digest',
            title: `Briefings since ${since.slice(0, 10)}`,
            emptyMessage: emptyDigestMessage(
              library.latest(),
              since.slice(0, 10),
              command.since ? undefined : (deps.digestDays ?? 7),
            ),
            digest: withModelDigest(deps.model, library.digest({ since }), library),
          };
        }
        case 'add': {
          if (!context.isAdmin) return notice('Sorry, only govai admins can add articles. Ask one to add it for you.');
          if (!deps.addUrl) return notice('Adding articles from chat is not enabled here.', 'error');
          if (!/^https?:\/\/\S+$/i.test(command.url))
            return notice('Usage: `add <url>` with an http or https URL.', 'error');
          const result = await deps.addUrl(command.url);
          return result.ok
            ? notice(`Added "${result.title}" as briefing \`${result.briefingId}\`.`)
            : notice(`Could not add ${command.url}: ${result.message}`, 'error');
        }
      }
    },
    async groundMessage(decision, message) {
      if (decision.kind !== 'answer' || !deps.model?.answers) return decision;
      const library = deps.library();
      const options = message.threadBriefingId ? { preferBriefingId: message.threadBriefingId } : {};
      const offline = { kind: 'answer' as const, answer: decision.reply.answer };
      const result = await modelAsk(deps.model, library, decision.reply.answer.question, options, offline, 'message');
      if (result.kind !== 'answer' || result.answer === decision.reply.answer) return decision;
      return {
        ...decision,
        reply: { ...decision.reply, answer: result.answer },
        briefingId: result.answer.citation.briefingId,
      };
    },
    handleMessage(message) {
      if (message.fromBot) return { kind: 'ignore', reason: 'bot' };
      if (settings.enabled === false && !message.mentionsBot) return { kind: 'ignore', reason: 'triggers-off' };
      if (settings.channels && !message.mentionsBot && !settings.channels.includes(message.channel)) {
        return { kind: 'ignore', reason: 'channel' };
      }
      const term = matcher().match(message.text);
      const followUp = message.threadBriefingId !== undefined;
      if (!term && !message.mentionsBot && !followUp) return { kind: 'ignore', reason: 'no-term' };
      if (!message.mentionsBot && settings.requireQuestion && !isQuestion(message.text)) {
        return { kind: 'ignore', reason: 'not-question' };
      }
      const now = deps.clock();
      const key = `${message.channel}|${(term ?? '').toLowerCase()}`;
      // Mentions and thread follow-ups are direct requests: the cooldown only limits passive listening.
      const passive = !message.mentionsBot && !followUp;
      if (passive && (deps.cooldowns.get(key) ?? 0) > now) return { kind: 'ignore', reason: 'cooldown' };
      const question = toQuestion(message.text);
      const result = deps
        .library()
        .ask(question, message.threadBriefingId ? { preferBriefingId: message.threadBriefingId } : {});
      // Mention first: it is why the bot answered even in a cooldown; then a follow-up; else the watched term.
      const trigger: Trigger = message.mentionsBot
        ? { kind: 'mention' }
        : followUp
          ? { kind: 'follow-up' }
          : { kind: 'term', term: term ?? '' };
      if (result.kind !== 'answer') {
        if (!message.mentionsBot) return { kind: 'ignore', reason: 'no-answer' };
        return { kind: 'decline', reply: declineReply(question), trigger };
      }
      if (passive) deps.cooldowns.set(key, now + settings.cooldownSeconds * 1000);
      return {
        kind: 'answer',
        reply: { kind: 'answer', answer: result.answer, trigger },
        trigger,
        briefingId: result.answer.citation.briefingId,
      };
    },
  };
}

export function askReply(result: AskResult): Reply {
  if (result.kind === 'answer') return { kind: 'answer', answer: result.answer };
  const messages: Record<typeof result.reason, string> = {
    empty: 'Ask me a question, for example: `ask What is IL6?`',
    'too-long': 'That question is too long: please keep it under 500 characters.',
    'no-briefings': 'There are no briefings yet, so I have nothing to answer from.',
    'no-match': "I don't know: none of the briefings answers that.",
    'low-confidence': "I don't know: nothing in the briefings answers that confidently.",
  };
  return { kind: 'unknown', question: result.question, message: messages[result.reason] };
}

/** What a direct mention gets when nothing answers it: what was looked for, and what to try. */
export function declineReply(question: string): Extract<Reply, { kind: 'unknown' }> {
  const shown = question.length > 120 ? `${question.slice(0, 117)}...` : question;
  const message =
    shown === ''
      ? "I don't know what to look for: ask me a question, for example `@govai what is IL6?`."
      : `I don't know: I looked for "${shown}" in the briefings and no sentence answers it. Try \`list\` to ` +
        `see what I have.`;
  return { kind: 'unknown', question, message };
}

// Chat phrasing around the real question ("can someone explain what X is?") only adds words that no
// article sentence contains; strip it so the answerer scores the question itself.
const CHAT_FILLER = [
  /<@[^>]+>|@govai\b/gi,
  /\b(?:can|could|would|will)\s+(?:some|any)\s?(?:one|body)\s+(?:please\s+)?(?:explain|tell\s+(?:me|us)|remind\s+(?:me|us))\b/gi,
  /\b(?:does|do)\s+(?:any|some)\s?(?:one|body)\s+know\b/gi,
  /\b(?:any\s+idea|i\s+wonder|quick\s+question|hey\s+(?:all|team|folks)|please)\b[:,]?/gi,
  /\bwhat\s+does\s+(.+?)\s+(?:mean|stand\s+for)\b/gi,
];

export function toQuestion(text: string): string {
  let q = text;
  for (const re of CHAT_FILLER)
    q = q.replace(re, (_m, inner?: string) => (typeof inner === 'string' ? `what is ${inner}` : ' '));
  return q.replace(/\s+/g, ' ').trim();
}

/**
 * An empty date-filtered digest says what the filter was and what to do, not "nothing new": a fresh clone's seed
 * article is older than the default look-back, so the first digest a user asks for is empty.
 */
export function emptyDigestMessage(
  latest: { title: string; published: string } | undefined,
  since: string,
  days: number | undefined,
): string {
  const window = days === undefined ? '' : ` (the last ${days === 1 ? 'day' : `${days} days`})`;
  if (!latest)
    return (
      `No briefings published since ${since}${window}, and none before: the library is empty. Add one to ` +
      `briefings/ or with \`add <url>\`.`
    );
  const date = latest.published.slice(0, 10);
  return (
    `No briefings published since ${since}${window}. Latest: ${latest.title}, ${date}. \`/govai digest ` +
    `${date.slice(0, 8)}01\` shows older ones.`
  );
}
