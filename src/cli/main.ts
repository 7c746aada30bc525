import { addCommand } from './commands/add.js';
import { batchCommand } from './commands/batch.js';
import { checkCommand } from './commands/check.js';
import { discordCommand } from './commands/discord.js';
import { teamsCommand } from './commands/teams.js';
import { doctorCommand } from './commands/doctor.js';
import { askCommand, digestCommand, listCommand, searchCommand, summaryCommand } from './commands/reply-commands.js';
import { scheduleCommand } from './commands/schedule.js';
import { CliError, type CliCommand, type CliIO } from './io.js';

// The command table. Each command lives in its own file under ./commands and is added here once.
export const CLI_COMMANDS: CliCommand[] = [
  summaryCommand,
  askCommand,
  digestCommand,
  listCommand,
  searchCommand,
  checkCommand,
  batchCommand,
  doctorCommand,
  addCommand,
  discordCommand,
  teamsCommand,
  scheduleCommand,
];

export function cliHelp(): string {
  const lines = ['Usage: govai <command> [options]', '', 'Commands:'];
  for (const c of CLI_COMMANDS) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push(
    '',
    ...FORMATS_NOTE,
    '',
    'Run `npm start` (or `govai start`) to run the bot: on Slack, Discord and Teams when their settings are ' +
      'set, else the local console.',
  );
  return lines.join('\n');
}

const FORMATS_NOTE = [
  'Formats: --format text (default), json (the reply model), slack (a JSON array of Slack messages: paste [0] into',
  'Block Kit Builder; the rest continue in the thread), discord (a JSON array of Discord message payloads).',
];

/** `govai <command> --help`: its usage and what it does, and what the chat formats print when it takes them. */
export function commandHelp(command: Pick<CliCommand, 'usage' | 'summary'>): string {
  const lines = [`Usage: govai ${command.usage}`, '', `  ${command.summary}`];
  if (/--format \.\.\.|slack/.test(command.usage)) lines.push('', ...FORMATS_NOTE);
  return lines.join('\n');
}

/** `--help` or `-h` among a command's own arguments (before a `--` that ends the options). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** The CLI's one error boundary: expected failures print one short line; exit codes, never stack traces. */
export async function runCli(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${cliHelp()}\n`);
    return 0;
  }
  if (name === 'start') {
    // The composition root is above the CLI: nothing imports src/main.ts. bin/govai.js runs it for `govai start`.
    io.stderr.write('govai start: run it through the govai launcher (`npx govai start`) or `npm start`.\n');
    return 2;
  }
  const command = CLI_COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`govai: unknown command "${name}". Run \`govai help\` for the list.\n`);
    return 2;
  }
  if (asksForHelp(args)) {
    io.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      if (error.showUsage) io.stderr.write(`Usage: govai ${command.usage}\n`);
      return error.exitCode;
    }
    io.stderr.write(`govai ${name}: unexpected error: ${(error as Error).message}\n`);
    return 1;
  }
}

function defaultIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}
