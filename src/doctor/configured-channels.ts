import type { AppContext } from '../app/context.js';

/** Channel ids of one platform that the config posts digests to or listens in (`slack:C1` -> `C1`). */
export function configuredChannels(ctx: AppContext, platform: 'slack' | 'discord'): string[] {
  const file = ctx.config.file;
  const prefix = `${platform}:`;
  const all = [...file.digests.flatMap((d) => d.to), ...(file.triggers.channels ?? [])];
  return [...new Set(all.filter((d) => d.startsWith(prefix)).map((d) => d.slice(prefix.length)))];
}
