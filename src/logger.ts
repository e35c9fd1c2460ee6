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

/** The longest a line waits in the buffer before it is written. */
const FLUSH_INTERVAL_MS = 1000;

/**
 * Structured JSON logs. By default written to stdout through a buffer, so logging never costs a
 * system call per request under load; the buffer is written out at least every second (and on
 * exit), so a person watching sees each request within a second.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  if (destination) return pino(options(level), destination);
  const buffered = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  let failed = false;
  buffered.on('error', (error: NodeJS.ErrnoException) => {
    if (failed) return;
    failed = true;
    // stdout failed (a full disk, a closed terminal): the gateway goes on without its logs. Left
    // unheard, the error is an uncaught exception, and the flush at exit retries for ever.
    process.stderr.write(
      `logs can no longer be written to stdout (${error.code ?? error.name}): the gateway goes on without them\n`,
    );
    const discard = () => true;
    Object.assign(buffered, { write: discard, flush: discard, flushSync: discard });
  });
  setInterval(() => buffered.flush(), FLUSH_INTERVAL_MS).unref();
  return pino(options(level), buffered);
}

const options = (level: LogLevel): pino.LoggerOptions => ({
  level,
  base: { service: 'intercom-messages-gateway' },
  redact: { paths: REDACTED, censor: '[redacted]' },
});
