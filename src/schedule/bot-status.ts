import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

// What the running bot's DeliveryGuard holds only in memory (sends stopped because "sent" could not be recorded, or
// the database lost), made visible to `govai doctor` run as another process. It cannot go into the database: that is
// what cannot be written. So the bot keeps a small status file beside it (`<db>-status`), created at start with
// its full size (1 KB) and afterwards only overwritten in place: that needs no new blocks, so it still works on a
// full disk (on file systems that overwrite in place: ext4, xfs; not copy-on-write ones such as btrfs or zfs) and
// under a lowered file-size limit of 1 KB or more.

export const STATUS_BYTES = 1024;

export interface BotStatus {
  pid: number;
  /** When this status was written (ms). */
  at: number;
  /** Why every digest send is stopped (the database deleted or replaced), if it is. */
  lost?: string;
  stopped: Array<{ destination: string; error: string; since: number }>;
}

export const statusFileOf = (dbPath: string): string => `${dbPath}-status`;

function encode(status: BotStatus): Buffer {
  let json = JSON.stringify(status);
  // Too many destinations for 1 KB: keep the first ones and say how many there are.
  for (let keep = status.stopped.length; Buffer.byteLength(json) > STATUS_BYTES && keep > 0; keep--)
    json = JSON.stringify({ ...status, stopped: status.stopped.slice(0, keep - 1), more: status.stopped.length });
  const buf = Buffer.alloc(STATUS_BYTES, ' ');
  buf.write(json.slice(0, STATUS_BYTES));
  return buf;
}

export interface StatusWriter {
  /** Writes the status if it changed; never throws (a status that cannot be written is not worth a crash). */
  update(status: Omit<BotStatus, 'pid' | 'at'>, nowMs: number): void;
  close(): void;
}

/** `nowMs`: the start time written with the empty status (from the time port; this module reads no clock). */
export function createStatusWriter(file: string, nowMs: number): StatusWriter | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'w');
    writeSync(fd, encode({ pid: process.pid, at: nowMs, stopped: [] }), 0, STATUS_BYTES, 0);
  } catch {
    return undefined;
  }
  let last = '';
  return {
    update(status, nowMs) {
      const key = JSON.stringify(status);
      if (key === last) return;
      try {
        writeSync(fd, encode({ pid: process.pid, at: nowMs, ...status }), 0, STATUS_BYTES, 0);
        last = key;
      } catch {
        // Retried on the next change check.
      }
    },
    close() {
      try {
        closeSync(fd);
        unlinkSync(file);
      } catch {
        // Gone already.
      }
    },
  };
}

/** The status of a bot that is running now (its pid alive), or undefined. */
export function readBotStatus(file: string, isAlive: (pid: number) => boolean = pidAlive): BotStatus | undefined {
  let status: BotStatus;
  try {
    status = JSON.parse(readFileSync(file, 'utf8').trim()) as BotStatus;
  } catch {
    return undefined;
  }
  if (typeof status?.pid !== 'number' || !Array.isArray(status.stopped)) return undefined;
  return isAlive(status.pid) ? status : undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
