// Splits an article body into headings and paragraphs. Markdown `#` headings are recognised, and so are
// the bare heading lines that copied web articles keep (short, no closing punctuation, Title Case).

export interface BodyBlock {
  kind: 'heading' | 'paragraph';
  text: string;
}

export function splitBody(body: string): BodyBlock[] {
  const lines = body
    .replace(/\r\n?/g, '\n')
    .split(/\n/)
    .map((l) => l.trim());
  const blocks: BodyBlock[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) blocks.push({ kind: 'paragraph', text: current.join(' ') });
    current = [];
  };
  lines.forEach((line, i) => {
    if (line === '') {
      flush();
      return;
    }
    const md = /^#{1,6}\s+(.+?)\s*#*$/.exec(line);
    if (md) {
      flush();
      blocks.push({ kind: 'heading', text: md[1]! });
      return;
    }
    const isLast = lines.slice(i + 1).every((l) => l === '');
    if (!isLast && looksLikeBareHeading(line)) {
      flush();
      blocks.push({ kind: 'heading', text: line });
      return;
    }
    // One paragraph per line: news copy puts each paragraph on its own line.
    flush();
    current.push(line);
  });
  flush();
  return blocks;
}

function looksLikeBareHeading(line: string): boolean {
  if (line.length > 90 || /[.!:;,"”)]$/.test(line)) return false;
  const words = line.split(/\s+/);
  if (words.length < 2 || words.length > 12) return false;
  const capitalised = words.filter((w) => /^[A-Z0-9]/.test(w)).length;
  return capitalised / words.length >= 0.6;
}
