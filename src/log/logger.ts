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

export function createLogger(level: string = 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    { level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } },
    destination as pino.DestinationStream,
  );
}

/** A logger that writes nothing: for tests and for CLI commands that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
