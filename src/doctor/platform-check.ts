import type { AppContext } from '../app/context.js';
import type { DoctorCheck, DoctorFinding } from './types.js';

/** Channel ids of one platform that the config posts digests to or listens in (`slack:C1` -> `C1`). */
export function configuredChannels(ctx: AppContext, platform: 'slack' | 'discord'): string[] {
  const file = ctx.config.file;
  const prefix = `${platform}:`;
  const all = [...file.digests.flatMap((d) => d.to), ...(file.triggers.channels ?? [])];
  return [...new Set(all.filter((d) => d.startsWith(prefix)).map((d) => d.slice(prefix.length)))];
}

export interface PlatformCheckSpec<S> {
  platform: 'slack' | 'discord';
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
 * The frame every platform check shares: a platform that is not configured is fine unless the config names its
 * channels; a configured one runs its checks, and an API that cannot be reached is one finding, not a crash.
 */
export function platformCheck<S>(spec: PlatformCheckSpec<S>): DoctorCheck {
  const { platform } = spec;
  return {
    name: platform,
    async run(ctx) {
      const settings = spec.settings(ctx);
      if (!settings) {
        const wanted = configuredChannels(ctx, platform);
        return wanted.length > 0
          ? [{ area: platform, status: 'fail', message: `the config names ${platform} channels (${wanted.join(', ')}) but ${platform === 'slack' ? 'Slack' : 'Discord'} is not configured`, fix: spec.enable }]
          : [];
      }
      try {
        return await spec.run(ctx, settings);
      } catch (error) {
        return [{ area: platform, status: 'fail', message: `cannot reach the ${platform === 'slack' ? 'Slack Web API' : 'Discord API'} at ${spec.apiUrl(settings)}: ${(error as Error).message}`, fix: spec.unreachableFix }];
      }
    },
  };
}
