import { pino, type Logger } from 'pino';

export type { Logger };

// pino: structured JSON logs to stderr (stdout belongs to the console adapter and the CLI's output).
// Secrets are never logged: these paths are redacted wherever they appear.
const REDACT = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.apiKey',
  '*.authorization',
  'headers.authorization',
  'appPassword',
  '*.appPassword',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
];

export type LogFormat = 'json' | 'pretty' | 'auto';

/**
 * JSON lines for machines (a file, journald, a log shipper); one readable line per entry when a person is watching
 * (`auto`: stderr is a terminal). The same redaction applies to both: the pretty stream formats pino's output.
 */
export function createLogger(
  level: string = 'info',
  destination: NodeJS.WritableStream = process.stderr,
  format: LogFormat = 'json',
): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && Boolean((destination as { isTTY?: boolean }).isTTY));
  return pino(
    { level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } },
    (pretty ? prettyStream(destination) : destination) as pino.DestinationStream,
  );
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * pino's JSON lines as `15:04:05 WARN  message key=value`. Hand-rolled (twenty lines) rather than pino-pretty,
 * which would add a dependency tree for a terminal nicety. An entry marked `startup: true` is printed as its message
 * alone: the "Slack: listening on ..." lines a person reads when the bot starts.
 */
export function prettyStream(out: { write(s: string): unknown }): { write(line: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (line.trim() === '') continue;
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          out.write(`${line}\n`);
          continue;
        }
        const { level, time, msg, startup, ...rest } = entry;
        if (startup === true) {
          out.write(`${String(msg ?? '')}\n`);
          continue;
        }
        const clock = typeof time === 'number' ? new Date(time).toTimeString().slice(0, 8) : '';
        const fields = Object.entries(rest)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ');
        const name = (LEVELS[level as number] ?? String(level)).padEnd(5);
        out.write(`${clock} ${name} ${String(msg ?? '')}${fields ? `  ${fields}` : ''}\n`);
      }
    },
  };
}

/** A logger that writes nothing: for tests and for CLI commands that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
