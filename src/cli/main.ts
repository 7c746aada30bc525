import { CliError, type CliCommand, type CliIO } from './io.js';

// The command table, in the order `govai help` lists them. Each command lives in its own file under ./commands and
// is added here once. A command's module is imported when that command runs: together they load most of src/ and
// its packages (the HTTP client for doctor's feed checks, cron, the store), which `govai list` or a config error
// does not need; `govai help` loads them all.
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<CliCommand>]> = [
  ['summary', async () => (await import('./commands/reply-commands.js')).summaryCommand],
  ['ask', async () => (await import('./commands/reply-commands.js')).askCommand],
  ['digest', async () => (await import('./commands/digest.js')).digestCommand],
  ['list', async () => (await import('./commands/reply-commands.js')).listCommand],
  ['search', async () => (await import('./commands/reply-commands.js')).searchCommand],
  ['check', async () => (await import('./commands/check.js')).checkCommand],
  ['batch', async () => (await import('./commands/batch.js')).batchCommand],
  ['doctor', async () => (await import('./commands/doctor.js')).doctorCommand],
  ['add', async () => (await import('./commands/add.js')).addCommand],
  ['discord', async () => (await import('./commands/discord.js')).discordCommand],
  ['teams', async () => (await import('./commands/teams.js')).teamsCommand],
  ['schedule', async () => (await import('./commands/schedule.js')).scheduleCommand],
];

/** Every command, loaded (the help page lists them all). */
export async function cliCommands(): Promise<CliCommand[]> {
  return Promise.all(COMMANDS.map(([, load]) => load()));
}

export function cliHelp(commands: readonly CliCommand[]): string {
  const lines = ['Usage: govai <command> [options]', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.usage}`, `      ${c.summary}`);
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
    io.stdout.write(`${cliHelp(await cliCommands())}\n`);
    return 0;
  }
  if (name === 'start') {
    // The composition root is above the CLI: nothing imports src/main.ts. bin/govai.js runs it for `govai start`.
    io.stderr.write('govai start: run it through the govai launcher (`npx govai start`) or `npm start`.\n');
    return 2;
  }
  const load = COMMANDS.find(([n]) => n === name)?.[1];
  if (!load) {
    io.stderr.write(`govai: unknown command "${name}". Run \`govai help\` for the list.\n`);
    return 2;
  }
  const command = await load();
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
