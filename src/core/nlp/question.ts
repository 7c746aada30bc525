import { matchKey, stem } from './text.js';

// What kind of thing a question asks for, from its question words alone (no model): the answerer
// prefers sentences that contain a thing of that kind and quotes it as the short answer.

export type AnswerType = 'person' | 'date' | 'place' | 'number' | 'money' | 'percent' | 'duration' | 'other';

const RULES: Array<[RegExp, AnswerType]> = [
  [
    /\bhow\s+much\s+(?:money|did\b.*\b(?:cost|pay|spend|earn|sell|raise|worth)|was\b.*\bworth|is\b.*\bworth|does\b.*\bcost|were\b.*\bworth)/,
    'money',
  ],
  [
    /\b(?:what|which)\s+(?:was|is|were)\s+the\s+(?:cost|price|value|budget|revenue|fine|salary)\b|\bworth\b|\bcost\b|\bprice\b|\bhow\s+much\b.*\b(?:cost|paid|pay|spend|spent|worth|earn|money|dollars|budget)\b/,
    'money',
  ],
  [/\bwhat\s+(?:percent|percentage|proportion|share|fraction)\b|\bhow\s+much\s+of\b|\bpercent(?:age)?\b/, 'percent'],
  [
    /\bhow\s+(?:many|much|far|tall|high|large|big|old|heavy|wide|deep|fast)\b|\bwhat\s+(?:number|amount|size|population|distance|temperature|age)\b|\b(?:the|what)\s+number\s+of\b/,
    'number',
  ],
  [/\bhow\s+long\b/, 'duration'],
  [
    /\b(?:when|what\s+(?:year|years|century|decade|date|day|month|time|era|period|season)|which\s+(?:year|century|decade|date|day|month|era|period)|since\s+when|in\s+what\s+year)\b/,
    'date',
  ],
  [
    /\b(?:where|what\s+(?:city|country|state|town|region|continent|county|province|place|location|area|island|nation|river|street|building|village|capital)|which\s+(?:city|country|state|town|region|continent|county|province|place|location|island|nation|river|capital))\b/,
    'place',
  ],
  [
    /\b(?:who|whom|whose|which\s+(?:person|man|woman|president|king|queen|leader|author|scientist|player|writer|emperor|general|pope|artist)|what\s+(?:person|man|woman|president|king|queen|leader|author|scientist|player|writer|emperor|general|pope|artist|actor|actress|comedian|composer|architect))\b/,
    'person',
  ],
];

const WH = /\b(?:what|which|who|whom|whose|when|where|why|how)\b/g;
const LEADING_WH =
  /^(?:(?:in|on|at|by|from|to|for|of|during|after|before|since|until|about|with|under|approximately|roughly|about|around)\s+)*(?:what|which|who|whom|whose|when|where|why|how)\b/;

/**
 * Classifies a question by what it asks for. The question word that counts is the one that opens the
 * question ("In what year..."), else the last one ("...were also often what?"): a "who" or "where"
 * inside a relative clause ("people who distribute leaflets") says nothing about the answer.
 */
export function answerTypeOf(question: string): AnswerType {
  const q = question.toLowerCase().trim();
  // "When the law is the target, what is this called?": an opening "when"/"where" clause sets the scene; the
  // question word after the comma asks.
  const scene = /^(?:when|where|while|if|as)\b[^,?]*,\s*(.+)$/.exec(q)?.[1];
  if (scene && /\b(?:what|which|who|whom|whose|when|where|how)\b/.test(scene)) return answerTypeOf(scene);
  let focus = q;
  const leading = LEADING_WH.exec(q);
  if (!leading) {
    let last = -1;
    for (const m of q.matchAll(WH)) last = m.index ?? last;
    if (last >= 0) focus = q.slice(last);
  }
  if (focus.startsWith('why')) return 'other';
  // The cue nearest the front decides: "Who presented the mace ... when it was opened?" asks for a person, and
  // the later "when" only dates the event (first rule in RULES order on a tie).
  let found: AnswerType = 'other';
  let at = Number.POSITIVE_INFINITY;
  // With an opening question word, a cue must start at it: "What must m be ... when performing trial division?"
  // asks no date. Money and percent words ("cost", "percent") count anywhere.
  const opening = leading ? leading[0].length - /\w+$/.exec(leading[0])![0].length : Number.POSITIVE_INFINITY;
  for (const [re, type] of RULES) {
    const m = re.exec(focus);
    if (m && m.index < at && (m.index <= opening || type === 'money' || type === 'percent')) {
      found = type;
      at = m.index;
    }
  }
  return found;
}

// A few synonyms and irregular forms that stemming misses, the ones that most often separate a
// question's wording from its passage. Written as words, stemmed once at load.
const SYNONYM_GROUPS: string[][] = [
  ['begin', 'began', 'begun', 'start', 'commence', 'founded', 'established', 'created'],
  ['die', 'died', 'death', 'dead', 'killed'],
  ['born', 'birth'],
  ['largest', 'biggest', 'greatest'],
  ['smallest', 'tiniest'],
  ['buy', 'bought', 'purchase', 'acquire'],
  ['sell', 'sold'],
  ['make', 'made', 'produce', 'manufacture'],
  ['build', 'built', 'construct'],
  ['win', 'won', 'victory'],
  ['lose', 'lost', 'defeat'],
  ['write', 'wrote', 'written', 'author'],
  ['say', 'said', 'stated', 'claimed'],
  ['take', 'took', 'taken'],
  ['give', 'gave', 'given'],
  ['find', 'found', 'discover'],
  ['lead', 'led', 'leader'],
  ['go', 'went', 'gone'],
  ['know', 'knew', 'known'],
  ['want', 'interest', 'seek', 'wish'],
  ['pay', 'paid'],
  ['end', 'ended', 'finish', 'concluded'],
  ['city', 'town'],
  ['country', 'nation'],
  ['use', 'utilize', 'employ'],
  ['show', 'demonstrate', 'reveal'],
  ['increase', 'rise', 'rose', 'grow', 'grew'],
  ['decrease', 'decline', 'fell', 'fall', 'drop'],
  ['first', 'earliest'],
  ['hold', 'held'],
  ['run', 'ran'],
  ['see', 'saw', 'seen'],
  ['come', 'came'],
  ['become', 'became'],
  ['teach', 'taught'],
  ['think', 'thought'],
  ['bring', 'brought'],
  ['fight', 'fought'],
  ['meet', 'met'],
  ['leave', 'left'],
  ['speak', 'spoke', 'spoken'],
  ['choose', 'chose', 'chosen'],
  ['problem', 'flaw', 'drawback', 'disadvantage'],
  ['benefit', 'advantage'],
  ['similar', 'like', 'analogous', 'resemble'],
  ['famous', 'known', 'renowned', 'noted'],
  ['often', 'frequently', 'commonly', 'usually'],
  ['big', 'large'],
  ['small', 'little'],
  ['kill', 'killed', 'slaughtered', 'massacred'],
  ['old', 'ancient'],
  ['car', 'vehicle', 'automobile'],
  ['mostly', 'mainly', 'primarily', 'largely'],
  ['main', 'major', 'principal', 'primary', 'chief'],
  ['important', 'significant', 'key', 'crucial'],
  ['happen', 'occur'],
  ['allow', 'enable', 'permit', 'let'],
  ['need', 'require', 'necessary'],
  ['help', 'aid', 'assist'],
  ['try', 'attempt'],
  ['stop', 'prevent', 'halt'],
  ['change', 'alter', 'modify'],
  ['get', 'obtain', 'receive', 'gain'],
  ['live', 'reside', 'inhabit'],
  ['goal', 'aim', 'purpose', 'objective'],
  ['role', 'duty', 'responsibility', 'job', 'function'],
  ['rule', 'govern', 'control'],
  ['area', 'region', 'zone'],
  ['people', 'population', 'inhabitants', 'residents'],
  ['army', 'troops', 'forces'],
  ['ship', 'vessel', 'boat'],
  ['law', 'legislation', 'statute'],
  ['originate', 'derive', 'descend', 'come'],
  // Countries and their people: "Polish"/"Poland", "Dutch"/"Netherlands".
  ['france', 'french'],
  ['britain', 'british'],
  ['england', 'english'],
  ['germany', 'german'],
  ['spain', 'spanish'],
  ['netherlands', 'dutch', 'holland'],
  ['poland', 'polish'],
  ['china', 'chinese'],
  ['japan', 'japanese'],
  ['portugal', 'portuguese'],
  ['switzerland', 'swiss'],
  ['sweden', 'swedish'],
  ['denmark', 'danish'],
  ['norway', 'norwegian'],
  ['scotland', 'scottish', 'scots'],
  ['ireland', 'irish'],
  ['wales', 'welsh'],
  ['greece', 'greek'],
  ['turkey', 'turkish'],
  ['egypt', 'egyptian'],
  ['russia', 'russian'],
  ['italy', 'italian'],
  ['america', 'american'],
];

const SYNONYMS = new Map<string, string[]>();
for (const group of SYNONYM_GROUPS) {
  const stems = [...new Set(group.map((w) => matchKey(stem(w))))];
  for (const w of stems) {
    const others = stems.filter((x) => x !== w);
    SYNONYMS.set(w, [...(SYNONYMS.get(w) ?? []), ...others]);
  }
}

/** Stems (in their `matchKey` form) that may stand for `term` in a passage (not including the term itself). */
export function synonymsOf(term: string): readonly string[] {
  return SYNONYMS.get(term) ?? [];
}

/** Question words that say nothing about the topic ("what name", "which year"): not matched against passages. */
export const QUESTION_FILLER = new Set(
  [
    'name',
    'named',
    'called',
    'type',
    'kind',
    'term',
    'year',
    'many',
    'much',
    'one',
    'example',
    'describe',
    'refer',
    'percent',
    'percentage',
    'number',
    'date',
    'century',
    // Chat wording around a question: "can someone explain what X is?", "please tell me ...".
    'someone',
    'anyone',
    'somebody',
    'anybody',
    'explain',
    'tell',
    'please',
  ].map((w) => stem(w)),
);
