import pino, { type Logger } from 'pino';

/*
 * Secrets and free text never reach the logs. Request logging records only method, path (no
 * query string: tRPC GET inputs travel there), status and duration; the redaction below is the
 * safety net for anything logged by accident.
 */
const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'cookie',
  '*.cookie',
  'headers.cookie',
  '*.headers.cookie',
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  'authorization',
  '*.authorization',
  'text',
  '*.text',
  'note',
  '*.note',
  'input',
  '*.input',
  // PGlite errors carry the bound parameters of the failed query.
  'err.params',
  'err.cause.params',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ducha-api' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
