#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run on install by `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `govai start` runs the composition root (dist/main.js) itself; every other command goes to the CLI.
const start = process.argv[2] === 'start';
const entry = new URL(start ? '../dist/main.js' : '../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('govai: the compiled CLI is missing. Run `npm install` (or `npm run build`) first.\n');
  process.exit(1);
}
if (start) {
  const { main } = await import(entry.href);
  process.exitCode = await main();
} else {
  const { runCli } = await import(entry.href);
  process.exitCode = await runCli(process.argv.slice(2));
}
