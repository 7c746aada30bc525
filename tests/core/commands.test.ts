import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, parseCommand } from '../../src/core/commands.js';

describe('command grammar', () => {
  it.each([
    ['summary', { name: 'summary' }],
    ['/govai summary', { name: 'summary' }],
    ['summary latest', { name: 'summary' }],
    ['summary navy-contract', { name: 'summary', id: 'navy-contract' }],
    ['ask What is IL6?', { name: 'ask', question: 'What is IL6?' }],
    ['ask --briefing b1 What is IL6?', { name: 'ask', question: 'What is IL6?', briefingId: 'b1' }],
    ['ASK   spaced   out?', { name: 'ask', question: 'spaced   out?' }],
    ['digest', { name: 'digest' }],
    ['digest 2026-11-01', { name: 'digest', since: '2026-11-01' }],
    ['digest --since 2026-11-01', { name: 'digest', since: '2026-11-01' }],
    ['list', { name: 'list' }],
    ['add https://example.com/a', { name: 'add', url: 'https://example.com/a' }],
    ['help', { name: 'help' }],
    ['', { name: 'help' }],
    ['   ', { name: 'help' }],
    ['frobnicate now', { name: 'help', unknown: 'frobnicate' }],
    ['what is IL6?', { name: 'ask', question: 'what is IL6?' }],
  ])('parses %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('parses search <words> (and find)', () => {
    expect(parseCommand('/govai search IL6 procurement')).toEqual({ name: 'search', words: 'IL6 procurement' });
    expect(parseCommand('find   cloud ')).toEqual({ name: 'search', words: 'cloud' });
  });

  it('describes every command it parses (help and Discord registration use these specs)', () => {
    expect(COMMAND_SPECS.map((c) => c.name)).toEqual(['summary', 'ask', 'digest', 'list', 'search', 'add', 'help']);
    for (const spec of COMMAND_SPECS)
      expect(parseCommand(spec.name).name).toBe(spec.name === 'ask' || spec.name === 'add' ? spec.name : spec.name);
  });
});
