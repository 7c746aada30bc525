// buildBriefing on text holding one unbroken "word" of 20,000 to 200,000 characters (issue #11 found 20,000 took
// 4.3 s in the stemmer and the glossary patterns). Every text pass is linear now: tokens over 40 characters are not
// stemmed, glossary patterns find the bracket first and look back a bounded window. Beside it, the same length as
// ordinary prose, the cost a long word should not exceed by much.
import { benchArticle, dist, timeIt } from '../lib/common.mjs';

export const name = 'briefing-long-word';

export async function run() {
  const { buildBriefing } = await dist('core/briefing.js');
  const article = (body) => benchArticle('x', 'Long', body);
  const rows = [];
  for (const n of [20_000, 200_000]) {
    const word = 'x'.repeat(n);
    const long = `The Department of Defense (DoD) met. ${word} (ABC) and ${word} - a method that works. Then it ended.`;
    const prose = `The Department of Defense (DoD) met. ${'lorem ipsum dolor sit amet. '.repeat(Math.ceil((2 * n) / 28))}`;
    const a = await timeIt(() => buildBriefing(article(long)), { max: 10 });
    const b = await timeIt(() => buildBriefing(article(prose)), { max: 10 });
    rows.push([n.toLocaleString('en-US'), a.median.toFixed(1), b.median.toFixed(1)]);
  }
  return [
    {
      title: 'buildBriefing with one unbroken word (two copies in the text), ms at the median',
      columns: ['word length', 'long word', 'prose of the same length'],
      rows,
    },
  ];
}
