// "What is X?" asks for a definition, and writers give one right after the term: an aside between
// dashes ("Constitutional AI - a method that ... -"), a parenthesis ("large language models (AI systems
// trained on ...)"), an appositive (", a method that ..."), or a copula ("X is a method that ...").
// The short answer is that definition, not the nearest noun phrase.

const DEFINITION_QUESTION =
  /^\s*(?:so\s+|and\s+)?what(?:\s+(?:is|are|was|were)|'s|’s)\s+(?:an?\s+|the\s+)?(.+?)\s*[?.!]*\s*$/i;

// The same ask in chat wording: "can someone explain what Constitutional AI is?", "what does IL6 mean?", "define RAG".
const DEFINITION_ASKS = [
  DEFINITION_QUESTION,
  /\bwhat\s+(?:an?\s+|the\s+)?([^?.!]+?)\s+(?:is|are)\s*[?.!]*\s*$/i,
  /\bwhat\s+(?:does|do)\s+(?:an?\s+|the\s+)?([^?.!]+?)\s+mean\s*[?.!]*\s*$/i,
  /^\s*(?:define|explain)\s+(?:an?\s+|the\s+)?([^?.!]+?)\s*[?.!]*\s*$/i,
];

/** The term a "What is X?" / "What are X?" question asks to define, or undefined for other questions. */
export function definiendumOf(question: string): string | undefined {
  let term: string | undefined;
  for (const re of DEFINITION_ASKS) {
    term = re.exec(question)?.[1]?.trim();
    if (term) break;
  }
  // "What is the capital of France?" asks for a thing, not a definition: keep to short terms without
  // a relation inside ("of", "in", verbs would need more than a definition).
  if (!term || term.split(/\s+/).length > 5 || NOT_A_TERM.test(term)) return undefined;
  return term;
}

// "What is the capital of France?", "What was it called?", "What is Harvard's rival?", "What is unusual about X?":
// a relation, a participle, a possessive or a superlative asks for a thing, not a definition.
const NOT_A_TERM =
  /\b(?:of|in|on|for|by|with|from|to|at|as|about|that|which|who|does|do|did|it|this|that|there|most|least|best|first|last|main|average|called|named|known|used|\w+ed)\b|['’]s\b/i;

const NAMED_BEFORE =
  /\b(an?\s+|the\s+)((?:[\p{L}\p{N}'’-]+\s+){0,7}?[\p{L}\p{N}'’-]+)\s+(?:called|known\s+as|named|termed)\s+(?:an?\s+|the\s+)?$/iu;
/** Where an aside or appositive ends: "—a single animal can produce both eggs and sperm, meaning ...". */
const ASIDE_END = /;|\s[-–—]\s|—|,\s(?:meaning|which|who|while|but|so|and|although|because)\b/;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The definition of `term` that `sentence` gives right after it, or undefined. Up to three more words
 * may follow the term before the definition ("Constitutional AI training approach - a method ...").
 */
export function definitionIn(sentence: string, term: string): string | undefined {
  const words = term.split(/\s+/).map(escapeRegExp);
  // The last word may be plural or singular in the sentence ("model"/"models").
  const last = words.pop() ?? '';
  const pattern = new RegExp(`\\b${[...words, `${last.replace(/s$/i, '')}s?`].join('\\s+')}\\b`, 'i');
  const m = pattern.exec(sentence);
  if (!m) return undefined;
  // "a vestigial red algal derived chloroplast called an apicoplast": the definition comes first.
  const named = NAMED_BEFORE.exec(sentence.slice(0, m.index));
  if (named) return clean(`${named[1]}${named[2]}`);
  const after = sentence.slice(m.index + m[0].length);
  // Copula straight after the term: "Rubisco is an enzyme that ...".
  // A passive ("X are found in ...", "X was built ...") says what happens to X, not what X is.
  const copula =
    /^\s+(?:is|are|was|were)\s+(?!(?:\w+ed|found|known|made|built|seen|given|taken|thought|held|said|not|also|usually|often)\b)(.+)$/i.exec(
      after,
    );
  if (copula) return clean(cutAt(copula[1]!, ASIDE_END));
  const lead = /^((?:\s+[\p{L}\p{N}'’-]+){0,3}?)(\s[-–—]\s|\s?—\s?|\s?\(|,\s(?=(?:an?|the)\s))/iu.exec(after);
  if (!lead) return undefined;
  const rest = after.slice(lead[0].length);
  const marker = lead[2]!.trim() || '—';
  if (marker === '(') {
    const inside = rest.slice(0, rest.indexOf(')') >= 0 ? rest.indexOf(')') : undefined);
    // "(GPhC)", "(1905)": an acronym or a date, not a definition.
    return inside.trim().split(/\s+/).length >= 3 ? clean(inside) : undefined;
  }
  if (marker === ',') return clean(cutAt(rest, /[,;]|\s[-–—]\s/));
  return clean(cutAt(rest, ASIDE_END));
}

function cutAt(text: string, stop: RegExp): string {
  const m = stop.exec(text);
  return m ? text.slice(0, m.index) : text;
}

function clean(text: string): string | undefined {
  const out = text.trim().replace(/[\s.,;:]+$/, '');
  return out.split(/\s+/).length >= 2 ? out : undefined;
}
