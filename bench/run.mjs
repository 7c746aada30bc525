#!/usr/bin/env node
// npm run bench [-- --only <suite,...>]
//
// Runs every suite module in bench/suites/*.mjs (alphabetical). A suite exports `name` and
// `async run()` returning an array of tables ({ title, columns, rows, notes }) or plain strings.
// Add a suite by dropping a file there; this runner needs no edit.

import { readdirSync } from 'node:fs';
import { cpus, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable, ROOT } from './lib/common.mjs';
import { ensurePeers } from './lib/peers.mjs';

const { values } = parseArgs({ options: { only: { type: 'string' }, list: { type: 'boolean' } } });
const dir = join(ROOT, 'bench', 'suites');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .sort();
const wanted = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : undefined;

const cpu = cpus();
console.log(`# govai bench: ${new Date().toISOString()}`);
console.log(
  `Node ${process.version}, ${type()} ${process.arch}, ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
);

let failed = 0;
const started = performance.now();
for (const file of files) {
  const mod = await import(pathToFileURL(join(dir, file)).href);
  const name = mod.name ?? file.replace(/\.mjs$/, '');
  if (values.list) {
    console.log(`${name}  (bench/suites/${file})`);
    continue;
  }
  if (wanted && !wanted.has(name) && !wanted.has(file.replace(/\.mjs$/, ''))) continue;
  if (typeof mod.run !== 'function') {
    console.error(`bench: bench/suites/${file} exports no run()`);
    failed++;
    continue;
  }
  console.log(`\n## ${name}\n`);
  const t0 = performance.now();
  try {
    // A suite that measures npm peers says so (`export const peers = true`); they install on first use.
    if (mod.peers) ensurePeers();
    const out = (await mod.run()) ?? [];
    for (const item of Array.isArray(out) ? out : [out])
      console.log(typeof item === 'string' ? item : formatTable(item), '\n');
  } catch (error) {
    failed++;
    console.error(`bench: suite ${name} failed: ${error?.stack ?? error}`);
  }
  console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
if (!values.list)
  console.log(
    `\nbench finished in ${((performance.now() - started) / 1000).toFixed(0)} s${failed ? `, ${failed} suite(s) failed` : ''}`,
  );
process.exitCode = failed ? 1 : 0;
