import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDeliveryLog } from '../../src/store/delivery-log.js';
import { openPgDriver } from '../../src/store/pg/driver.js';
import type { SqlDriver } from '../../src/store/sql.js';
import { sqliteDriver } from '../../src/store/sqlite-driver.js';
import { type GovaiStore, openStore } from '../../src/store/store.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';

// Planning reads what a destination received and what it is still owed in separate statements, while another
// replica may mark a row sent (status and delivered briefings in one statement, without the planning lock). On
// PostgreSQL each statement sees what was committed when it began, so a row sent between the two reads must still
// show up in one of them, or its briefings are planned into the next slot and posted twice. Here the other replica's
// write lands right after planning's first read of the two, through a second connection.

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startTestPostgres();
}, 120_000);
afterAll(async () => pg?.stop(), 60_000);

const engines: Record<'sqlite' | 'postgres', () => Promise<{ location: string; driver: (l: string) => SqlDriver }>> = {
  sqlite: async () => ({
    location: path.join(mkdtempSync(path.join(tmpdir(), 'govai-race-')), 'govai.db'),
    driver: (l) => sqliteDriver(new Database(l), l),
  }),
  postgres: async () => ({ location: await pg.newDatabase(), driver: (l) => openPgDriver(l) }),
};

/** `sql`, with `between` run once, right after the first statement that reads delivered or still-owed briefings. */
function interleaved(sql: SqlDriver, between: () => void): SqlDriver {
  let done = false;
  return {
    ...sql,
    all<T>(text: string, params?: Parameters<SqlDriver['all']>[1]): T[] {
      const rows = sql.all<T>(text, params);
      if (!done && (/FROM delivered_briefings/.test(text) || /status = 'pending' OR/.test(text))) {
        done = true;
        between();
      }
      return rows;
    },
  };
}

describe.each(Object.keys(engines) as (keyof typeof engines)[])(
  'planning while another replica sends, on %s',
  (engine) => {
    const opened: Array<{ close(): void }> = [];
    afterAll(() => {
      for (const o of opened) o.close();
    });

    it('a row marked sent between planning reads is still excluded: its briefings are not planned again', async () => {
      const { location, driver } = await engines[engine]();
      const other: GovaiStore = openStore(location);
      opened.push(other);
      const { record } = other.deliveries.claim(
        {
          digest: 'd',
          slot: '2026-12-01T09:00:00.000Z',
          destination: 'slack:C1',
          briefingIds: ['seed'],
          trigger: 'schedule',
        },
        1,
      );
      const raw = driver(location);
      opened.push(raw);
      const planner = sqlDeliveryLog(interleaved(raw, () => other.deliveries.markSent(record.id, ['1.0001'], 2)));
      const state = planner.planState('d', '2026-12-01T09:00:01.000Z', ['slack:C1']).get('slack:C1')!;
      expect(other.deliveries.find('d', '2026-12-01T09:00:00.000Z', 'slack:C1')?.status).toBe('sent');
      expect([...state.owed, ...state.delivered]).toContain('seed');
    });
  },
);
