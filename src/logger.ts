import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

/**
 * Fields that are censored wherever a log call puts them, so a careless call cannot leak a
 * secret or a message's contents. Plain paths: pino's wildcard redaction costs every line.
 */
const REDACTED = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  'accessToken',
  'apiKey',
  'body',
  'subject',
  'email',
  'variables',
  'input',
];

/**
 * Structured JSON logs. By default written to stdout through a buffer (flushed on exit), so
 * logging never costs a system call per request.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'intercom-messages-gateway' },
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}
