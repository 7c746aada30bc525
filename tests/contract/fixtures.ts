// Briefings every contract driver adds to its project: one whose text tries to ping everyone on every platform,
// and enough short ones that `list` overflows a single message on Slack and Discord.

export const HOSTILE_ID = 'hostile-zorblax';
export const FILLER_COUNT = 80;
export const fillerId = (i: number) => `archive-note-${String(i).padStart(3, '0')}`;

const HOSTILE = `---
id: ${HOSTILE_ID}
title: "Zorblax notice <!channel> for @here"
source: "Hostile <!everyone> Wire"
published: 2026-11-19
keywords: [Zorblax, Zorblax protocol]
---

The Zorblax protocol is a security notice that tells @everyone and @here and <!channel> and <!here> and <@U123ABC> and <@&400000000000000001> and <@400000000000000002> and <at>Alice</at> to rotate their keys every week.
It links <https://evil.example|the old rules> and [a trap](https://evil.example/x) and asks nothing else of anyone.
`;

function filler(i: number): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  return `---
id: ${fillerId(i)}
title: "Archive note ${i}: Quuxville records office filing on the parking pilot, the budget hearing and the library renovation timetable"
source: "Quuxville Gazette"
published: 2020-01-${day}
---

Archive note ${i} records a routine filing by the Quuxville records office, number ${i} of the series.
`;
}

export const CONTRACT_FILES: Record<string, string> = {
  [`briefings/${HOSTILE_ID}.md`]: HOSTILE,
  ...Object.fromEntries(
    Array.from({ length: FILLER_COUNT }, (_, k) => [`briefings/${fillerId(k + 1)}.md`, filler(k + 1)]),
  ),
};
