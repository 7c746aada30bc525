import type { Logger } from '../log/logger.js';

// The last-resort boundary of the running bot (installed by src/main.ts, nowhere else).
//
// - An unhandled promise rejection is logged and the bot keeps serving. A rejection ends one asynchronous
//   operation (a request, a post, a gateway packet) that nobody awaited; it cannot leave a half-written record
//   behind, because every state change govai makes is one SQLite transaction (atomic, committed or not) and the
//   in-memory state (queues, caches) is only changed by synchronous code that has either run or not.
// - An uncaught exception is different: it was thrown from synchronous code that stopped half way, so the
//   in-memory state it was changing (a publisher queue, a cache, a library swap) may now be inconsistent, and
//   Node's own documentation says resuming is not safe. The bot logs it (fatal), stops what it can within a
//   short bound and exits with code 70 (EX_SOFTWARE) so a supervisor (systemd, Docker, Kubernetes) restarts it;
//   the delivery log makes that restart safe (owed digests are resolved, never re-sent blindly).
//
// Known sources of bad input are contained where they enter (the Slack receiver refuses bodies that are not
// objects, the Discord client drops packets discord.js cannot handle), so neither path should reach here.

export const FATAL_EXIT_CODE = 70;
/** How long an orderly stop may take after an uncaught exception before the process exits anyway. */
export const FATAL_STOP_MS = 3_000;

export interface LastResortOptions {
  /** Best-effort orderly stop (close servers, the store) before exiting after an uncaught exception. */
  stop?: () => Promise<void>;
  exit?: (code: number) => void;
  /** The bound on the orderly stop (default FATAL_STOP_MS); a test of a hanging stop need not wait out the default. */
  stopMs?: number;
}

export interface LastResort {
  /** Unhandled rejections seen so far (also logged). */
  readonly rejections: number;
  uninstall(): void;
}

export function installLastResort(logger: Logger, options: LastResortOptions = {}): LastResort {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let rejections = 0;
  let exiting = false;
  const onRejection = (reason: unknown) => {
    rejections += 1;
    logger.error({ err: reason, rejections }, 'unhandled promise rejection (logged; the bot keeps serving)');
  };
  const onException = (error: Error, origin: string) => {
    logger.fatal(
      { err: error, origin },
      'uncaught exception: in-memory state may be inconsistent, so govai exits (code 70) for its supervisor ' +
        'to restart it',
    );
    if (exiting) return;
    exiting = true;
    const timer = setTimeout(() => exit(FATAL_EXIT_CODE), options.stopMs ?? FATAL_STOP_MS);
    timer.unref();
    Promise.resolve()
      .then(() => options.stop?.())
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        exit(FATAL_EXIT_CODE);
      });
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    get rejections() {
      return rejections;
    },
    uninstall() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
