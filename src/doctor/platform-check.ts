import type { AppContext } from '../app/context.js';
import { errorCause } from '../log/error-cause.js';
import type { DoctorCheck, DoctorFinding } from './types.js';

/** Channel ids of one platform that the config posts digests to or listens in (`slack:C1` -> `C1`). */
export function configuredChannels(ctx: AppContext, platform: string): string[] {
  const file = ctx.config.file;
  const prefix = `${platform}:`;
  const all = [...file.digests.flatMap((d) => d.to), ...(file.triggers.channels ?? [])];
  return [...new Set(all.filter((d) => d.startsWith(prefix)).map((d) => d.slice(prefix.length)))];
}

export interface PlatformCheckSpec<S> {
  platform: string;
  /** The platform's name in a sentence: 'Slack'. */
  label: string;
  /** The API's name in a sentence: 'Slack Web API'. */
  apiName: string;
  /** The environment variables that enable the platform, all required. */
  variables: string[];
  settings(ctx: AppContext): S | undefined;
  /** What to set to enable the platform, e.g. 'Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (README: ...).' */
  enable: string;
  /** The API base the checks call, for the "cannot reach" message. */
  apiUrl(settings: S): string;
  /** What to check when the API cannot be reached. */
  unreachableFix: string;
  run(ctx: AppContext, settings: S): Promise<DoctorFinding[]>;
}

/**
 * The frame every platform check shares: a platform that is not configured is listed as off with what to set
 * (a failure only when the config names its channels); a configured one runs its checks, and an API that cannot
 * be reached is one finding that gives the cause, not a crash.
 */
export function platformCheck<S>(spec: PlatformCheckSpec<S>): DoctorCheck {
  const { platform, label } = spec;
  return {
    name: platform,
    async run(ctx) {
      const settings = spec.settings(ctx);
      if (!settings) {
        const wanted = configuredChannels(ctx, platform);
        return wanted.length > 0
          ? [
              {
                area: platform,
                status: 'fail',
                message: `the config names ${platform} channels (${wanted.join(', ')}) but ${label} is not configured`,
                fix: spec.enable,
              },
            ]
          : [{ area: platform, status: 'off', message: `not configured: set ${andList(spec.variables)} to enable` }];
      }
      try {
        return await spec.run(ctx, settings);
      } catch (error) {
        return [
          {
            area: platform,
            status: 'fail',
            message: `cannot reach the ${spec.apiName} at ${spec.apiUrl(settings)}: ${errorCause(error)}`,
            fix: spec.unreachableFix,
          },
        ];
      }
    },
  };
}

/** 'A', 'A and B', 'A, B and C'. */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
