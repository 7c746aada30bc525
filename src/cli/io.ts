import type { Time } from '../core/time.js';
import type { Readable } from 'node:stream';

/** What a CLI command may touch; tests pass their own. */
export interface CliIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  stdin: Readable;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The time port (src/core/time.ts); the real one unless a test passes a manual one. */
  time?: Time;
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Returns the process exit code. Expected failures print a short message and return non-zero. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** A user-facing CLI error: printed as one line, no stack trace; with `showUsage`, the command's usage follows. */
export class CliError extends Error {
  readonly showUsage: boolean;
  constructor(
    message: string,
    readonly exitCode = 2,
    options: { showUsage?: boolean } = {},
  ) {
    super(message);
    this.showUsage = options.showUsage ?? false;
  }
}
