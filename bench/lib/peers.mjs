// The peers govai is measured against (node-summarizer, lexrank, ts-textrank) are not govai
// dependencies: a user's `npm install` must not fetch them (lexrank's unfluff declares Node 0.10
// and warns EBADENGINE; node-summarizer's wordpos runs an install script). They live in
// bench/package.json and are installed into bench/node_modules the first time a suite needs them.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './common.mjs';

const BENCH = join(ROOT, 'bench');

function missingPeers() {
  const { dependencies } = JSON.parse(readFileSync(join(BENCH, 'package.json'), 'utf8'));
  return Object.keys(dependencies).filter((name) => !existsSync(join(BENCH, 'node_modules', name, 'package.json')));
}

/** Installs bench/package.json's peers (from bench/package-lock.json) unless they are already there. */
export function ensurePeers() {
  const missing = missingPeers();
  if (missing.length === 0) return;
  console.log(`bench: installing the peers into bench/node_modules (first run only): ${missing.join(', ')}`);
  // The npm that runs `npm run bench`, else the one on PATH.
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []];
  execFileSync(cmd, [...args, 'install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: BENCH,
    stdio: 'inherit',
  });
  const still = missingPeers();
  if (still.length > 0) throw new Error(`bench: ${still.join(', ')} still missing after npm install in bench/`);
}
