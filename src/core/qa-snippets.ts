// Generated Q&A that adds something to the briefing: "Who is X?" answered by the role the text itself gives the
// person in an appositive ("Jagan Chapagain, the Asia Pacific Director of the IFRC, told CNN ..."). Only this one
// unambiguous shape is used: a known two-to-four word name, a comma, "the/a/an" + a lowercase word, up to the next
// comma or full stop. The glossary is not restated as questions.

export interface WhoIsSnippet {
  question: string;
  answer: string;
  paragraph: number;
}

const MAX_SENTENCE_CHARS = 1_000;
// Bounded pieces only: the name is checked against the briefing's names, the role is at most 100 characters.
const ROLE = /^,\s+((?:the|an|a)\s+[a-z][^,;.()"\u201c\u201d]{4,100})[,.]/;

export function whoIsSnippets(
  sentences: ReadonlyArray<{ text: string; paragraph: number }>,
  names: readonly string[],
  limit = 3,
): WhoIsSnippet[] {
  const people = names.filter(
    (n) =>
      /^[A-Z][a-z'-]+(?: [A-Z][a-z'-]+){1,3}$/.test(n) &&
      n.length <= 60 &&
      !/ (?:College|University|School|Council|Company|Agency|Department|Ministry|Capacity|Group|Court|Party|Association|Institute|Foundation|Bank|Church|Hospital|Museum|Club|Committee|Commission|Office|Center|Centre|News|Times|Post)$/.test(
        n,
      ),
  );
  const out: WhoIsSnippet[] = [];
  const seen = new Set<string>();
  for (const s of sentences) {
    if (out.length >= limit) break;
    if (s.text.length > MAX_SENTENCE_CHARS) continue;
    for (const name of people) {
      if (seen.has(name)) continue;
      const at = s.text.indexOf(`${name},`);
      if (at < 0) continue;
      const m = ROLE.exec(s.text.slice(at + name.length, at + name.length + 120));
      if (!m) continue;
      const role = m[1]!.trim();
      // "the most ..." / "a year ..." read as comparisons or time, not a role.
      if (
        /^(?:the|an|a)\s+(?:most|least|same|first|last|day|week|month|year|time|way|move|decision|result)\b/.test(role)
      )
        continue;
      seen.add(name);
      out.push({
        question: `Who is ${name}?`,
        answer: role.charAt(0).toUpperCase() + role.slice(1),
        paragraph: s.paragraph,
      });
      if (out.length >= limit) break;
    }
  }
  return out;
}
