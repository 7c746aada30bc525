// Cheap surface cues for "does this sentence contain a thing of the asked kind?", used to re-rank a
// handful of sentences per question without running the full NLP pipeline (that runs once, on the
// chosen sentence, in span.ts). Regular expressions only: fast and deterministic.

import type { AnswerType } from './question.js';
import { stem } from './text.js';

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half)';
const UNIT = '(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century)';

const CUES: Record<Exclude<AnswerType, 'other' | 'person' | 'place'>, RegExp> = {
  date: new RegExp(
    `\\b(?:1[0-9]{3}|20[0-9]{2}|[0-9]{2,4}s|${MONTH}\\.?\\s+[0-9]{1,2}|[0-9]{1,2}(?:st|nd|rd|th)?\\s+${MONTH}|[0-9]{1,2}(?:st|nd|rd|th)\\s+century|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|${MONTH}\\s+(?:of\\s+)?[0-9]{4}|bc|ad|bce)\\b`,
    'g',
  ),
  number: new RegExp(`(?:\\b[0-9][0-9,.]*\\b|\\b${NUMBER_WORD}\\b)`, 'g'),
  money: new RegExp(
    `(?:[$€£¥]\\s?[0-9]|\\b[0-9][0-9,.]*\\s*(?:${NUMBER_WORD}\\s+)?(?:dollars?|euros?|pounds?|usd|yen|francs?|marks?|rupees?)\\b)`,
    'g',
  ),
  percent: /(?:[0-9]\s?%|\bper\s?cent\b|\bpercent\b)/g,
  duration: new RegExp(
    `\\b(?:[0-9][0-9,.]*|${NUMBER_WORD}|several|a\\s+few|many)\\s+${UNIT}\\b|\\bsince\\s+[0-9]{4}\\b`,
    'g',
  ),
};

const PROPER = /(?<=[\s(,;:"'“‘-])\p{Lu}[\p{L}\p{N}'’.-]*/gu;
const LOCATIVE =
  /\b(?:in|at|from|near|to|into|across|throughout|outside|inside)\s+(?:the\s+)?(\p{Lu}[\p{L}\p{N}'’.-]*)/gu;

/** True when `sentence` has a thing of the asked kind that the question itself does not already name. */
export function typePresent(type: AnswerType, sentence: string, questionStems: ReadonlySet<string>): boolean {
  if (type === 'other') return true;
  const lower = sentence.toLowerCase();
  if (type === 'person') return someNew(sentence.matchAll(PROPER), 0, questionStems);
  if (type === 'place') return someNew(sentence.matchAll(LOCATIVE), 1, questionStems);
  const re = CUES[type];
  re.lastIndex = 0;
  return someNew(lower.matchAll(re), 0, questionStems);
}

function someNew(matches: Iterable<RegExpMatchArray>, group: number, questionStems: ReadonlySet<string>): boolean {
  for (const m of matches) {
    const text = (m[group] ?? m[0])
      .toLowerCase()
      .replace(/['’]s$/, '')
      .replace(/[.,]+$/, '');
    if (text === '') continue;
    if (!questionStems.has(stem(text)) && !questionStems.has(text)) return true;
  }
  return false;
}
