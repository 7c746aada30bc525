// The command line and data every fit script shares: --train and --dev name the eval sets (tune on train/, check on
// dev/), and the eval's scorers (qa-score.mjs) sit beside them, so a script scores exactly as the eval does.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** The parsed options (--train, --dev and the script's own `options`), the two set folders and the scorer module. */
export async function fitSets(options = {}) {
  const { values } = parseArgs({ options: { train: { type: 'string' }, dev: { type: 'string' }, ...options } });
  const sets = {
    train: resolve(values.train ?? '../shared/eval/train'),
    dev: resolve(values.dev ?? '../shared/eval/dev'),
  };
  const scorer = await import(pathToFileURL(join(sets.dev, '..', 'qa-score.mjs')).href);
  return { values, sets, scorer };
}

/** The questions of one set (its qa.jsonl: question, context, answers), one JSON object a line. */
export function readQa(dir) {
  return readFileSync(join(dir, 'qa.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}
