import { systemTime } from '../../time/system-time.js';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../app/context.js';
import { type Conversation, type ConversationHooks, createConversation, ERROR_TEXT } from '../../app/conversation.js';
import type { Publisher } from '../../app/publisher.js';
import { parseCommand } from '../../core/commands.js';
import type { Reply } from '../../core/reply.js';
import { renderText } from './render-text.js';

// The local console: a channel in the terminal. `/govai ...` lines are commands; any other line is a
// chat message that goes through the same keyword-trigger logic a Slack or Discord channel gets.

export interface ConsoleOptions {
  input: Readable;
  output: { write(s: string): unknown };
  /** Show the prompt and banner (when stdin is a terminal). */
  interactive: boolean;
  /** Ends the console (Ctrl+C) as if input had ended. */
  signal?: AbortSignal;
  /** The conversation owner's hooks (outcomes of every line, after its reply was printed). */
  hooks?: ConversationHooks;
}

export const CONSOLE_CHANNEL = 'console';

/** The input prompt: not `> `, which is how quotes are printed (QUOTE_PREFIX), so a reader tells input from output. */
export const PROMPT = 'govai? ';

/** Real bold only on a terminal: ANSI escapes in a pipe or a file would be noise. */
function wantsBold(output: ConsoleOptions['output']): boolean {
  return (output as { isTTY?: boolean }).isTTY === true;
}

/** Handles one line typed in the console; returns the reply to print, or undefined for silence. */
export async function handleConsoleLine(
  ctx: AppContext,
  line: string,
  conversation: Conversation = createConversation(ctx),
  /** Prints a reply as it is sent (before the outcome is reported); default: only returned. */
  print: (reply: Reply) => void = () => undefined,
): Promise<Reply | undefined> {
  const text = line.trim();
  if (text === '') return undefined;
  if (/^\/govai\b/i.test(text) || /^\//.test(text)) {
    const command = parseCommand(text.replace(/^\//, ''));
    let shown: Reply | undefined;
    await conversation.command(
      {
        platform: 'console',
        command,
        caller: { user: 'console', channel: CONSOLE_CHANNEL, isAdmin: ctx.isAdmin(['console']) },
      },
      async (reply) => {
        shown = reply;
        print(reply);
        return { ok: true };
      },
    );
    return shown;
  }
  let said: Reply | undefined;
  // One channel, one user: '' makes the owner's qualified ids plain `console`.
  await conversation.message(
    {
      platform: 'console',
      dedupe: [],
      channel: '',
      user: '',
      text,
      fromBot: false,
      mentionsBot: /@govai\b/i.test(text),
    },
    async (reply) => {
      said = reply;
      print(reply);
      return { ok: true };
    },
  );
  return said;
}

/** Runs the console until input ends. Prints the latest briefing first. */
export async function runConsole(ctx: AppContext, options: ConsoleOptions): Promise<void> {
  const { output } = options;
  const text = (reply: Reply) => renderText(reply, { bold: wantsBold(output) });
  const conversation = createConversation(ctx, options.hooks);
  // The latest briefing first, behind the same error boundary as every typed line.
  await conversation.command(
    { platform: 'console', command: { name: 'summary' }, caller: { user: 'console', channel: CONSOLE_CHANNEL } },
    async (reply) => {
      output.write(`${text(reply)}\n\n`);
      return { ok: true };
    },
  );
  if (options.interactive)
    output.write('govai console: type /govai help, or ask about a watched term. Ctrl+D to quit.\n');
  const rl = createInterface({ input: options.input, terminal: false });
  options.signal?.addEventListener('abort', () => rl.close(), { once: true });
  const prompt = () => options.interactive && output.write(PROMPT);
  prompt();
  for await (const line of rl) {
    try {
      await handleConsoleLine(ctx, line, conversation, (reply) => output.write(`${text(reply)}\n\n`));
    } catch (error) {
      ctx.logger.error({ err: error }, 'console line failed');
      output.write(`${ERROR_TEXT}\n`);
    }
    prompt();
  }
}

/** Publishing to `console` prints the reply (a scheduled digest shows up in the terminal). */
export function consolePublisher(output: { write(s: string): unknown }): Publisher {
  return {
    platform: 'console',
    async publish(_channel, reply) {
      output.write(`${renderText(reply, { bold: wantsBold(output) })}\n\n`);
      return { ok: true, messageIds: [`console-${systemTime.now()}`] };
    },
  };
}
