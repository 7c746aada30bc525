import { createAppContext } from '../../app/context.js';
import { loadConfig } from '../../config/load.js';
import { DOCTOR_CHECKS } from '../../doctor/checks.js';
import type { DoctorFinding } from '../../doctor/types.js';
import { silentLogger } from '../../log/logger.js';
import type { CliCommand } from '../io.js';
import { parseCliArgs } from '../shared.js';

const MARK = { ok: 'ok  ', off: 'off ', warn: 'warn', fail: 'FAIL' } as const;

/** Checks the settings, the briefings and each configured platform, and says what to fix. */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  usage: 'doctor [--format text|json]',
  summary: 'Check tokens, scopes, channels, feeds and briefings, and say what to fix.',
  async run(args, io) {
    const { values } = parseCliArgs('doctor', args, { format: { type: 'string', short: 'f' } });
    const findings: DoctorFinding[] = [];
    const loaded = loadConfig(io.env, io.cwd);
    if (!loaded.ok) {
      for (const p of loaded.problems) findings.push({ area: 'settings', status: 'fail', message: p });
    } else {
      findings.push({
        area: 'settings',
        status: 'ok',
        message: loaded.config.configPath ? `config file ${loaded.config.configPath}` : 'no config file (defaults)',
      });
      const ctx = await createAppContext({ config: loaded.config, logger: silentLogger() });
      for (const check of DOCTOR_CHECKS) {
        try {
          findings.push(...(await check.run(ctx)));
        } catch (error) {
          findings.push({
            area: check.name,
            status: 'fail',
            message: `the check itself failed: ${(error as Error).message}`,
          });
        }
      }
    }
    if (values.format === 'json') io.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
    else {
      for (const f of findings)
        io.stdout.write(`[${MARK[f.status]}] ${f.area}: ${f.message}${f.fix ? `\n       fix: ${f.fix}` : ''}\n`);
    }
    return findings.some((f) => f.status === 'fail') ? 1 : 0;
  },
};
