import type { DoctorCheck } from './types.js';

/** Whether `npm start` opens the local console (GOVAI_CONSOLE: auto = when no chat platform is configured). */
export const consoleCheck: DoctorCheck = {
  name: 'console',
  async run(ctx) {
    const { env } = ctx.config;
    const platforms = [env.slack && 'Slack', env.discord && 'Discord'].filter(Boolean);
    if (env.console === '0') return [{ area: 'console', status: 'off', message: 'off (GOVAI_CONSOLE=0)' }];
    if (env.console === '1')
      return [
        { area: 'console', status: 'ok', message: 'active: `npm start` opens the local console (GOVAI_CONSOLE=1)' },
      ];
    return platforms.length === 0
      ? [
          {
            area: 'console',
            status: 'ok',
            message: 'active: `npm start` opens the local console (no chat platform is configured)',
          },
        ]
      : [
          {
            area: 'console',
            status: 'off',
            message:
              `off: ${platforms.join(' and ')} ${platforms.length > 1 ? 'are' : 'is'} configured ` +
              `(GOVAI_CONSOLE=1 opens the console as well)`,
          },
        ];
  },
};
