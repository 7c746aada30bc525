import { COMMAND_SPECS } from '../../src/core/commands.js';
import type { Answer, Briefing, Citation, DigestItem } from '../../src/core/model.js';
import {
  HELP_FOOTER,
  modelItemNote,
  modelSummaryNote,
  QA_CAP,
  unknownCommandText,
} from '../../src/core/presentation/wording.js';
import { type Reply, triggerText } from '../../src/core/reply.js';

// Every reply kind govai sends, with the content a reader must find on every adapter. The expectations are
// derived from the reply's data, so they say "this text is shown", not how a renderer lays it out.

const cite = (paragraph: number): Citation => ({
  briefingId: 'dod-ai',
  title: 'Pentagon sets rules for AI in weapons',
  url: 'https://news.example/dod-ai?a=1&b=2',
  source: 'Example Wire',
  paragraph,
});

const briefing: Briefing = {
  id: 'dod-ai',
  title: 'Pentagon sets rules for AI in weapons',
  headline: 'Defense Department issues AI weapons policy',
  source: 'Example Wire',
  url: 'https://news.example/dod-ai?a=1&b=2',
  published: '2026-11-20T09:00:00Z',
  tags: ['defense'],
  keywords: ['autonomy'],
  tldr: 'The Defense Department requires human judgment over autonomous weapons & reviews before fielding.',
  keyPoints: [
    { text: 'Senior officials must approve new autonomous systems.', citation: cite(2) },
    { text: 'Reviews happen before development and again before fielding.', citation: cite(3) },
  ],
  sections: [{ heading: 'Background', paragraphs: [1, 2] }],
  glossary: [{ term: 'DoDD 3000.09', definition: 'The directive on autonomy in weapon systems.', citation: cite(1) }],
  entities: ['Pentagon', 'Defense Department'],
  qa: Array.from({ length: 8 }, (_, i) => ({
    question: `Question number ${i + 1}?`,
    answer: `Answer number ${i + 1}.`,
    citation: cite(i + 1),
    origin: 'generated' as const,
  })),
  paragraphs: ['p1', 'p2', 'p3'],
};

const answer: Answer = {
  question: 'When was the policy updated?',
  quote: 'The Pentagon updated the directive in January 2023 after a decade.',
  answerText: 'January 2023',
  support: 'The quote has every key term of your question.',
  origin: 'article',
  citation: cite(3),
  score: 0.81,
};

const item = (n: number): DigestItem => ({
  briefingId: `story-${n}`,
  title: `Story ${n} about agency AI use`,
  tldr: `Summary of story ${n}.`,
  url: `https://news.example/story-${n}`,
  source: n % 2 ? 'Example Wire' : 'Other Daily',
  published: `2026-11-${String(10 + n).padStart(2, '0')}`,
});

export interface ParityFixture {
  name: string;
  reply: Reply;
  /** Text every adapter shows (compared after markup is removed and whitespace squashed). */
  shown: string[];
  /** Text no adapter may show. */
  hidden?: string[];
}

const day = (iso: string) => iso.slice(0, 10);
const shownQa = briefing.qa.slice(0, QA_CAP);

export const FIXTURES: ParityFixture[] = [
  {
    name: 'briefing',
    reply: { kind: 'briefing', briefing },
    shown: [
      briefing.headline,
      briefing.tldr,
      briefing.source,
      day(briefing.published),
      ...briefing.keyPoints.flatMap((k) => [k.text, `¶${k.citation.paragraph}`]),
      ...briefing.glossary.flatMap((g) => [g.term, g.definition]),
      ...shownQa.flatMap((q) => [q.question, q.answer]),
      'Background',
      'Pentagon, Defense Department',
      briefing.id,
    ],
    // The Q&A cap: six snippets, the same on every adapter. Written offline: nothing says a model wrote it.
    hidden: [...briefing.qa.slice(QA_CAP).map((q) => q.question), 'Written by'],
  },
  {
    name: 'answer with highlighted span',
    reply: { kind: 'answer', answer, trigger: { kind: 'term', term: 'directive' } },
    shown: [
      answer.quote,
      answer.answerText!,
      answer.citation.title,
      `paragraph ${answer.citation.paragraph}`,
      answer.citation.source!,
      answer.support!,
      triggerText({ kind: 'term', term: 'directive' }),
    ],
    // The score is for JSON and tooling, never shown in chat.
    hidden: ['0.81', 'Confidence'],
  },
  {
    name: 'answer without span (mention)',
    reply: {
      kind: 'answer',
      answer: { ...answer, answerText: undefined, support: undefined },
      trigger: { kind: 'mention' },
    },
    shown: [
      answer.quote,
      answer.citation.title,
      `paragraph ${answer.citation.paragraph}`,
      triggerText({ kind: 'mention' }),
    ],
    hidden: ['Answer:', 'mentions “mention”'],
  },
  {
    name: 'answer as a thread follow-up',
    reply: { kind: 'answer', answer, trigger: { kind: 'follow-up' } },
    shown: [answer.quote, triggerText({ kind: 'follow-up' })],
    hidden: [triggerText({ kind: 'mention' })],
  },
  {
    name: 'unknown',
    reply: {
      kind: 'unknown',
      question: 'Who won the match?',
      message: "I don't know: none of the briefings answers that.",
    },
    shown: ["I don't know: none of the briefings answers that."],
  },
  {
    name: 'digest with overflow',
    reply: {
      kind: 'digest',
      title: 'Morning AI briefing',
      intro: 'What agencies did with AI this week.',
      emptyMessage: 'Nothing new.',
      digest: { items: [item(1), item(2)], overflow: [item(3), item(4)] },
    },
    shown: [
      'Morning AI briefing',
      'What agencies did with AI this week.',
      ...[1, 2, 3, 4].flatMap((n) => [item(n).title, item(n).tldr, item(n).source, item(n).published]),
    ],
    hidden: ['Nothing new.'],
  },
  {
    name: 'empty digest',
    reply: {
      kind: 'digest',
      title: 'Morning AI briefing',
      emptyMessage: 'No briefings published since 2026-11-25.',
      digest: { items: [], overflow: [] },
    },
    shown: ['No briefings published since 2026-11-25.'],
  },
  {
    name: 'list',
    reply: {
      kind: 'list',
      items: [1, 2, 3].map((n) => ({
        id: `story-${n}`,
        title: item(n).title,
        source: item(n).source,
        published: item(n).published,
        url: item(n).url,
      })),
    },
    shown: [1, 2, 3].flatMap((n) => [`story-${n}`, item(n).title, item(n).source, item(n).published]),
  },
  { name: 'empty list', reply: { kind: 'list', items: [] }, shown: ['No briefings yet.'] },
  {
    name: 'help',
    reply: { kind: 'help', commands: COMMAND_SPECS },
    shown: [...COMMAND_SPECS.flatMap((c) => [c.usage, c.description]), HELP_FOOTER],
    hidden: ['Unknown command'],
  },
  {
    name: 'unknown command help',
    reply: { kind: 'help', commands: COMMAND_SPECS, unknown: 'sumary' },
    shown: [unknownCommandText('sumary'), ...COMMAND_SPECS.map((c) => c.usage), HELP_FOOTER],
  },
  {
    name: 'notice',
    reply: { kind: 'notice', level: 'info', message: 'Added 2 briefings.' },
    shown: ['Added 2 briefings.'],
  },
  {
    name: 'error notice',
    reply: { kind: 'notice', level: 'error', message: 'The briefing "x" does not exist.' },
    shown: ['The briefing "x" does not exist.'],
  },
  {
    name: 'grounded answer',
    reply: {
      kind: 'answer',
      answer: {
        ...answer,
        grounded: {
          text: 'It was updated in January 2023.',
          model: 'anthropic:claude-test',
          sentences: [{ text: answer.quote, citation: cite(3) }],
        },
      },
      trigger: { kind: 'term', term: 'directive' },
    },
    shown: [
      'It was updated in January 2023.',
      answer.quote,
      answer.citation.title,
      'paragraph 3',
      'anthropic:claude-test',
      triggerText({ kind: 'term', term: 'directive' }),
    ],
  },
  {
    name: 'briefing with the model TL;DR and key points (from the cache)',
    reply: {
      kind: 'briefing',
      briefing: { ...briefing, summaryBy: { model: 'anthropic:claude-test', tldrParagraphs: [1], keyPoints: true } },
    },
    shown: [briefing.tldr, ...briefing.keyPoints.map((k) => k.text), modelSummaryNote('anthropic:claude-test', true)],
    hidden: [modelSummaryNote('anthropic:claude-test', false)],
  },
  {
    name: 'briefing with the model TL;DR only (its key points failed the checks)',
    reply: {
      kind: 'briefing',
      briefing: { ...briefing, summaryBy: { model: 'anthropic:claude-test', tldrParagraphs: [1], keyPoints: false } },
    },
    shown: [briefing.tldr, modelSummaryNote('anthropic:claude-test', false)],
    hidden: [modelSummaryNote('anthropic:claude-test', true)],
  },
  {
    name: 'digest with one model TL;DR (from the cache)',
    reply: {
      kind: 'digest',
      title: 'Morning AI briefing',
      emptyMessage: 'Nothing new.',
      digest: { items: [{ ...item(1), tldrBy: 'anthropic:claude-test' }, item(2)], overflow: [] },
    },
    shown: [item(1).tldr, modelItemNote('anthropic:claude-test'), item(2).tldr],
  },
  {
    name: 'a digest written offline says nothing of a model',
    reply: {
      kind: 'digest',
      title: 'Morning AI briefing',
      emptyMessage: '',
      digest: { items: [item(1)], overflow: [] },
    },
    shown: [item(1).tldr],
    hidden: ['Written by'],
  },
];
