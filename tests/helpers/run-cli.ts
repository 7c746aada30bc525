import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Time } from '../../src/core/time.js';
import { REPO_ROOT } from './seed.js';

export const BIN = path.join(REPO_ROOT, 'bin', 'govai.js');
export const MAIN = path.join(REPO_ROOT, 'dist', 'main.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled entry point (npm test builds dist/ first) with a clean environment and optional stdin. */
export function runNode(
  args: string[],
  options: { cwd: string; input?: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<RunResult> {
  if (!existsSync(MAIN)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: node ${args.join(' ')}\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export const govai = (args: string[], options: Parameters<typeof runNode>[1]) => runNode([BIN, ...args], options);

/**
 * The same CLI run in this process (runCli with captured streams, the same clean environment and stdin): what
 * `govai <args>` prints and returns, minus the launcher (bin/govai.js, which the spawning tests cover) and about a
 * second of CPU per call for a new Node process. `time` is the CLI's clock (a manual one in tests that step it).
 */
export async function govaiInProcess(
  args: string[],
  options: { cwd: string; input?: string; env?: Record<string, string>; time?: Time },
): Promise<RunResult> {
  const { runCli } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from(options.input ? [Buffer.from(options.input)] : []),
    env: { PATH: process.env.PATH ?? '', ...options.env },
    cwd: options.cwd,
    ...(options.time ? { time: options.time } : {}),
  });
  return { code, stdout, stderr };
}

export interface RunningMain {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Everything written to stdout so far (captured only with `{ stdin: true }`: the console's replies). */
  stdout(): string;
  exited: Promise<number | null>;
}

/** Starts the compiled bot (`npm start`) with only the given environment; the caller stops it. */
export function spawnMain(cwd: string, env: Record<string, string>, options: { stdin?: boolean } = {}): RunningMain {
  if (!existsSync(MAIN)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  // With `stdin`, the console reads commands from the test (GOVAI_CONSOLE=1) and its replies are captured.
  const stdio = options.stdin ? (['pipe', 'pipe', 'pipe'] as const) : (['ignore', 'pipe', 'pipe'] as const);
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: [...stdio],
  });
  let stdout = '';
  let stderr = '';
  if (options.stdin) child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, stdout: () => stdout, exited };
}
