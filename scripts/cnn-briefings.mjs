// Builds the CNN fixture stories (tests/fixtures/cnn/stories.jsonl, or --data FILE with {id, article} lines) as
// briefings and prints them for reading: TL;DR, key points, glossary, names, Q&A snippets, watched terms.
// Run `npm run build` first (this reads dist/). Usage: node scripts/cnn-briefings.mjs [--data FILE] [--id ID]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { buildBriefing } = await import(path.join(root, 'dist/core/briefing.js'));

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = opt('--data') ?? path.join(root, 'tests/fixtures/cnn/stories.jsonl');
const only = opt('--id');
const stories = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l))
  .filter((s) => !only || s.id === only);

for (const s of stories) {
  const b = buildBriefing({
    id: s.id,
    title: '',
    source: 'CNN',
    published: '2015-01-01',
    tags: [],
    keywords: [],
    qa: [],
    body: s.article,
  });
  const out = [`## ${s.id}`, '', `TL;DR: ${b.tldr}`, '', 'Key points:'];
  for (const k of b.keyPoints) out.push(`- ${k.text}`);
  out.push('', 'Glossary:');
  for (const g of b.glossary) out.push(`- ${g.term}: ${g.definition}`);
  out.push('', `Names: ${b.entities.join(', ')}`);
  if (b.watchTerms) out.push(`Watched: ${b.watchTerms.join(', ')}`);
  out.push('', 'Q&A:');
  for (const q of b.qa) out.push(`- ${q.question} -> ${q.answer}`);
  console.log(`${out.join('\n')}\n`);
}
