import { plural } from '../core/plural.js';
import type { DoctorCheck, DoctorFinding } from './types.js';

export const briefingsCheck: DoctorCheck = {
  name: 'briefings',
  async run(ctx) {
    const library = ctx.repository.library();
    const findings: DoctorFinding[] = ctx.repository.problems().map((p) => ({
      area: 'briefings',
      status: 'fail' as const,
      message: `${p.file}: ${p.field} ${p.message}`,
      fix: 'Fix the file (see `govai check`); the other briefings are still served.',
    }));
    findings.unshift(
      library.briefings.length > 0
        ? {
            area: 'briefings',
            status: 'ok',
            message: `${plural(library.briefings.length, 'briefing')} loaded from ${ctx.repository.dir}`,
          }
        : {
            area: 'briefings',
            status: 'warn',
            message: `no briefings in ${ctx.repository.dir}`,
            fix: 'Add a Markdown file there, or run `govai add <url>`.',
          },
    );
    return findings;
  },
};
