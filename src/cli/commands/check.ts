import path from 'node:path';
import { plural } from '../../core/plural.js';
import { loadConfig } from '../../config/load.js';
import { loadBriefingsDir } from '../../sources/briefings-dir.js';
import type { CliCommand } from '../io.js';
import { parseCliArgs } from '../shared.js';

/** Validates the settings and every briefing file; lists every problem and exits non-zero if any. */
export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check [--format text|json]',
  summary: 'Validate the configuration and every briefing file; exit 1 on any problem.',
  async run(args, io) {
    const { values } = parseCliArgs('check', args, { format: { type: 'string', short: 'f' } });
    const configResult = loadConfig(io.env, io.cwd);
    const configProblems = configResult.ok ? [] : configResult.problems;
    const dir = configResult.ok ? configResult.config.briefingsDir : loadCliConfigDir(io);
    const { articles, problems } = await loadBriefingsDir(dir);
    if (values.format === 'json') {
      io.stdout.write(
        `${JSON.stringify({ ok: problems.length + configProblems.length === 0, briefings: articles.map((a) => a.id), config: configProblems, files: problems }, null, 2)}\n`,
      );
    } else {
      for (const p of configProblems) io.stdout.write(`config: ${p}\n`);
      for (const p of problems) io.stdout.write(`${p.file}: ${p.field}: ${p.message}\n`);
      const total = problems.length + configProblems.length;
      io.stdout.write(`${plural(articles.length, 'briefing')} OK, ${plural(total, 'problem')}\n`);
    }
    return problems.length + configProblems.length === 0 ? 0 : 1;
  },
};

// With broken settings, still check the files: the directory comes straight from the environment.
function loadCliConfigDir(io: Parameters<CliCommand['run']>[1]): string {
  return path.resolve(io.cwd, io.env.GOVAI_BRIEFINGS_DIR?.trim() || 'briefings');
}
