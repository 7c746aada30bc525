import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStatusWriter, readBotStatus, STATUS_BYTES } from '../../src/schedule/bot-status.js';

// The running bot's status file (what its DeliveryGuard holds in memory, for govai doctor in another process).

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function file() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'govai-status-'));
  dirs.push(dir);
  return path.join(dir, 'govai.db-status');
}

describe('the bot status file', () => {
  it('keeps its size (overwritten in place, no new blocks on a full disk) and reads back what was written', () => {
    const f = file();
    const w = createStatusWriter(f, 1)!;
    expect(statSync(f).size).toBe(STATUS_BYTES);
    const stopped = Array.from({ length: 40 }, (_, i) => ({
      destination: `slack:C${String(i).padStart(10, '0')}`,
      error: 'SQLITE_FULL: database or disk is full',
      since: 1,
    }));
    w.update({ stopped }, 5);
    expect(statSync(f).size).toBe(STATUS_BYTES);
    const read = readBotStatus(f)!;
    expect(read.pid).toBe(process.pid);
    expect(read.stopped.length).toBeGreaterThan(0);
    expect(read.stopped.length).toBeLessThan(40);
    expect(JSON.parse(readFileSync(f, 'utf8')).more).toBe(40);
    w.close();
    expect(readBotStatus(f)).toBeUndefined();
  });

  it('a status left by a bot that is not running is ignored', () => {
    const f = file();
    const w = createStatusWriter(f, 1)!;
    w.update({ stopped: [{ destination: 'slack:C1', error: 'SQLITE_FULL', since: 1 }] }, 2);
    expect(readBotStatus(f, () => false)).toBeUndefined();
    expect(readBotStatus(f, () => true)?.stopped).toHaveLength(1);
  });
});
