import type { Citation, GlossaryEntry } from './model.js';
import { STOP_WORDS, tagged } from './nlp/text.js';

// Terms the text defines itself. Patterns, each seen in real news copy:
//   "Full Name (ABC)"                 -> ABC: Full Name
//   "term (a definition of 3+ words)" -> term: definition
//   "term - a method that ..."        -> term: a method that ...
// The term is the noun phrase just before the definition (adjectives, nouns, proper nouns).

const ACRONYM_PAREN = /((?:[\w&-]+\s+){1,8})\(([A-Z][A-Za-z0-9&-]{0,8}[A-Z0-9]s?)\)/g;
const DEF_PAREN = /([^()]{3,120}?)\s+\(([^()]{12,240})\)/g;
// A dash-delimited aside: "term - a method that ...". Split on spaced dashes, then test each aside.
const DASH_SPLIT = /\s+[-–—]\s+/;
const DEFINITION_START =
  /^(?:(?:a|an|the)\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}\s+(?:that|which|who|where|used|designed)\b/;
const NOT_A_DEFINITION =
  /^(?:it|its|they|them|he|she|we|you|i|this|that|these|those|there|here|but|and|or|so|costs?|not)\b/i;

export function extractGlossary(paragraphs: readonly string[], cite: (paragraph: number) => Citation): GlossaryEntry[] {
  const out: GlossaryEntry[] = [];
  const seen = new Set<string>();
  const add = (term: string, definition: string, paragraph: number) => {
    const key = term.toLowerCase();
    if (term.length < 2 || seen.has(key)) return;
    seen.add(key);
    out.push({ term, definition: cleanDefinition(definition), citation: cite(paragraph) });
  };
  paragraphs.forEach((text, i) => {
    const p = i + 1;
    for (const m of text.matchAll(ACRONYM_PAREN)) {
      const acronym = m[2]!;
      const full = expansion(m[1]!.trim().split(/\s+/), acronym);
      if (full) add(acronym, full, p);
    }
    for (const m of text.matchAll(DEF_PAREN)) {
      const definition = m[2]!;
      if (/^[A-Z0-9&-]{2,10}s?$/.test(definition) || definition.split(/\s+/).length < 3) continue;
      const term = nounPhraseAtEnd(m[1]!);
      if (term) add(term, definition, p);
    }
    const parts = text.split(DASH_SPLIT);
    for (let k = 1; k < parts.length; k++) {
      const aside = (parts[k] ?? '').split(/[.;]/)[0]!.trim();
      if (aside.length < 12 || NOT_A_DEFINITION.test(aside) || !DEFINITION_START.test(aside)) continue;
      const term = nounPhraseAtEnd(parts[k - 1] ?? '');
      if (term) add(term, aside, p);
    }
  });
  return out;
}

/** The trailing run of adjectives/nouns/proper nouns, at most five words, without leading stop words. */
export function nounPhraseAtEnd(text: string): string | undefined {
  const tail = text.split(/\s+/).slice(-8).join(' ');
  const tokens = tagged(tail);
  const phrase: string[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    const { token, pos } = tokens[i]!;
    const ok = pos === 'NOUN' || pos === 'PROPN' || pos === 'ADJ' || (pos === 'NUM' && phrase.length > 0);
    if (!ok || phrase.length >= 5) break;
    phrase.unshift(token);
  }
  while (phrase.length > 0 && STOP_WORDS.has(phrase[0]!.toLowerCase())) phrase.shift();
  if (phrase.length === 0) return undefined;
  const last = tokens[tokens.length - 1];
  if (!last || !(last.pos === 'NOUN' || last.pos === 'PROPN')) return undefined;
  return phrase.join(' ');
}

/** The shortest run of words before "(ABC)" whose initials spell the acronym ("Department of Defense" for DoD). */
function expansion(words: readonly string[], acronym: string): string | undefined {
  const letters = acronym.replace(/s$/, '').replace(/[^A-Z0-9]/g, '');
  if (letters.length < 2) return undefined;
  for (let start = words.length - 1; start >= 0; start--) {
    const run = words.slice(start);
    if (STOP_WORDS.has(run[0]!.toLowerCase())) continue;
    const initials = run
      .flatMap((w) => w.split('-'))
      .filter((w) => w.length > 0 && !STOP_WORDS.has(w.toLowerCase()))
      .map((w) => w[0]!.toUpperCase())
      .join('');
    if (initials === letters) return run.join(' ');
    if (initials.length > letters.length) return undefined;
  }
  return undefined;
}

function cleanDefinition(d: string): string {
  const t = d.trim().replace(/\s+/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
