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
  const ctx = await createAppContext({ config, logger: silentLogger() });
  if (!options.quiet) {
    for (const p of ctx.repository.problems()) io.stderr.write(`warning: skipped ${p.file}: ${p.field} ${p.message}\n`);
  }
  return ctx;
}

/** parseArgs with errors turned into short CLI messages naming the command. */
export function parseCliArgs(
  command: string,
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new CliError(`govai ${command}: ${(error as Error).message}`);
  }
}
