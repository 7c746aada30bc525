import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { createStatusWriter, readBotStatus, STATUS_BYTES } from '../../src/schedule/bot-status.js';
import { createDeliveryGuard } from '../../src/schedule/delivery-guard.js';
import { openStore } from '../../src/store/store.js';

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

describe('the delivery guard behind the status file', () => {
  it('reports each change of what it holds when it happens, so the status is written then, not at the next check', () => {
    const store = openStore(':memory:');
    let full = true;
    // The real delivery log, whose "sent" write fails while the disk is "full".
    const deliveries = {
      ...store.deliveries,
      markSent: (...args: Parameters<typeof store.deliveries.markSent>) => {
        if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        return store.deliveries.markSent(...args);
      },
    };
    const f = file();
    const w = createStatusWriter(f, 1)!;
    let changes = 0;
    const guard = createDeliveryGuard({
      deliveries,
      clock: () => 10,
      logger: silentLogger(),
      onChange: () => {
        changes++;
        w.update({ stopped: guard.state() }, 10);
      },
    });
    const { record } = store.deliveries.claim(
      {
        digest: 'd',
        slot: '2026-12-01T09:00:00.000Z',
        destination: 'slack:C1',
        briefingIds: ['b'],
        trigger: 'schedule',
      },
      5,
    );
    expect(guard.blocked('slack:C1')).toBeUndefined();
    expect(changes).toBe(0);
    guard.unrecorded(record, ['1.0001'], Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }));
    expect(changes).toBe(1);
    expect(readBotStatus(f)?.stopped.map((s) => s.destination)).toEqual(['slack:C1']);
    // Still full: the retry before the next send changes nothing.
    expect(guard.blocked('slack:C1')).toMatch(/the delivery log cannot be written/);
    expect(changes).toBe(1);
    full = false;
    expect(guard.blocked('slack:C1')).toBeUndefined();
    expect(changes).toBe(2);
    expect(readBotStatus(f)?.stopped).toEqual([]);
    expect(store.deliveries.find('d', '2026-12-01T09:00:00.000Z', 'slack:C1')?.status).toBe('sent');
    w.close();
    store.close();
  });
});
