import { systemTime } from '../time/system-time.js';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createAppContext, type AppContext } from '../app/context.js';
import { formatProblems, loadConfig, type AppConfig } from '../config/load.js';
import { silentLogger } from '../log/logger.js';
import { CliError, type CliIO } from './io.js';

export function loadCliConfig(io: CliIO): AppConfig {
  const result = loadConfig(io.env, io.cwd);
  if (!result.ok) throw new CliError(formatProblems(result.problems).replace('govai cannot start', 'govai cannot run'));
  return result.config;
}

/** Config + briefings, without starting any adapter. Bad briefing files are reported on stderr, not fatal. */
export async function loadCliContext(io: CliIO, options: { quiet?: boolean } = {}): Promise<AppContext> {
  const config = loadCliConfig(io);
  const ctx = await createAppContext({ config, logger: silentLogger(), time: io.time ?? systemTime });
  if (!options.quiet) {
    for (const p of ctx.repository.problems()) io.stderr.write(`warning: skipped ${p.file}: ${p.field} ${p.message}\n`);
  }
  return ctx;
}

/**
 * parseArgs with its errors said in the house voice: short, naming the option, and followed (by runCli) by the
 * command's usage. Node's own text ("To specify a positional argument starting with a '-', ...") is never shown.
 */
export function parseCliArgs(
  command: string,
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new CliError(`govai ${command}: ${argsProblem(error as Error & { code?: string }, options)}`, 2, {
      showUsage: true,
    });
  }
}

function argsProblem(error: Error & { code?: string }, options: NonNullable<ParseArgsConfig['options']>): string {
  // The option as the user typed it: Node quotes it in its message ('--frobnicate', '--tags <value>'), an option
  // with a short alias as both ('-f, --format <value>'): then the long one.
  const quoted = /'(?:-[^-' ,]+, )?(-{1,2}[^' ,]+)/.exec(error.message)?.[1];
  const longName = (flag: string) => {
    const bare = flag.replace(/^-+/, '');
    if (flag.startsWith('--')) return bare;
    return Object.entries(options).find(([, o]) => o.short === bare)?.[0] ?? bare;
  };
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const flag = quoted ?? 'that option';
      const near = closestOption(flag.replace(/^-+/, ''), Object.keys(options));
      return `there is no ${flag} option${near ? ` (did you mean --${near}?)` : ''}.`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (!quoted) return 'an option was given the wrong kind of value.';
      const name = longName(quoted);
      return options[name]?.type === 'boolean' ? `--${name} takes no value.` : `--${name} needs a value.`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'too many arguments.';
    default:
      return error.message;
  }
}

/** The known option within two edits of what was typed, if exactly one is. */
function closestOption(typed: string, known: string[]): string | undefined {
  const near = known.filter((k) => editDistance(typed.toLowerCase(), k) <= Math.min(2, Math.floor(k.length / 3)));
  return near.length === 1 ? near[0] : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
