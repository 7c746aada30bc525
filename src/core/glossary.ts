import type { Citation, GlossaryEntry } from './model.js';
import { STOP_WORDS, tagged } from './nlp/text.js';

// Terms the text defines itself. Patterns, each seen in real news copy:
//   "Full Name (ABC)"                 -> ABC: Full Name
//   "term (a definition of 3+ words)" -> term: definition
//   "term - a method that ..."        -> term: a method that ...
// The term is the noun phrase just before the definition (adjectives, nouns, proper nouns).

// Each pattern finds the bracket first and then looks back at most LOOK_BACK characters, so a pass is linear in
// the paragraph, whatever it holds (one 200,000-character "word" included): no quantifier runs over open text.
const ACRONYM = /\(([A-Z][A-Za-z0-9&-]{0,8}[A-Z0-9]s?)\)/g;
const PAREN = /\(([^()]{12,240})\)/g;
const LOOK_BACK = 160;
/** Longer tokens are not words (a URL, a hash, junk): no term holds one. */
const MAX_TOKEN = 40;
// A parenthetical defines the term before it only when it reads as a definition: "(a method that ...)",
// "(the agency that ...)", "(models trained on ...)"; not an aside ("(i.e. ...)", "(or better ...)", "(which ...)").
const DEFINITION_OPENING = /^(?:(?:a|an|the)\s+)?(?:[A-Z]{2,6}\s+)?[a-z][a-z-]{2,}\b/;
const ASIDE_OPENING =
  /^(?:i\.?e|e\.?g|or|and|but|which|who|whom|whose|where|when|while|without|with|including|among|also|see|now|then|formerly|like|such|not|only|just|about|around|roughly|nearly|almost|approximately|plus|minus|per|from|to|in|on|at|by|for|of|as|than|up|down|after|before|since|until|via)\b/i;
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
    for (const m of text.matchAll(ACRONYM)) {
      const acronym = m[1]!;
      const before = wordsBefore(text, m.index, 8);
      const full = before && expansion(before, acronym);
      if (full) add(acronym, full, p);
    }
    for (const m of text.matchAll(PAREN)) {
      const definition = m[1]!.trim();
      if (!readsAsDefinition(definition)) continue;
      const before = wordsBefore(text, m.index, 8);
      const term = before && nounPhraseAtEnd(before.join(' '));
      // A name is not defined by a lowercase aside after it ("Iran (i.e., the letter ...)"): common terms only.
      if (term && term === term.toLowerCase() && !/\d/.test(term)) add(term, definition, p);
    }
    const parts = text.split(DASH_SPLIT);
    for (let k = 1; k < parts.length; k++) {
      const aside = (parts[k] ?? '').slice(0, 400).split(/[.;]/)[0]!.trim();
      if (aside.length < 12 || NOT_A_DEFINITION.test(aside) || !DEFINITION_START.test(aside)) continue;
      if (hasLongToken(aside)) continue;
      const before = (parts[k - 1] ?? '').slice(-LOOK_BACK);
      if (hasLongToken(before.split(/\s+/).slice(-8).join(' '))) continue;
      const term = nounPhraseAtEnd(before);
      if (term) add(term, aside, p);
    }
  });
  return out;
}

/** The last `max` words before `at` (within LOOK_BACK characters), or undefined when one is not a word. */
function wordsBefore(text: string, at: number, max: number): string[] | undefined {
  const from = Math.max(0, at - LOOK_BACK);
  const words = text.slice(from, at).trim().split(/\s+/);
  if (from > 0) words.shift(); // may be cut mid-word
  const last = words.slice(-max);
  if (last.length === 0 || last.some((w) => w.length > MAX_TOKEN || w === '')) return undefined;
  return last;
}

function hasLongToken(text: string): boolean {
  return text.split(/\s+/).some((w) => w.length > MAX_TOKEN);
}

/** "(a method that ...)" yes; "(i.e., the letter ...)", "(6.4 million sq ft)", "(United States, France ...)" no. */
function readsAsDefinition(d: string): boolean {
  const words = d.split(/\s+/);
  if (words.length < 3 || words.length > 40 || hasLongToken(d)) return false;
  if (!DEFINITION_OPENING.test(d) || ASIDE_OPENING.test(d)) return false;
  // Mostly capitalised words is a list of names, not a definition.
  const capitalised = words.filter((w) => /^[A-Z]/.test(w)).length;
  return capitalised / words.length < 0.4;
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
