import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';
import { BatchedLines } from './log-destination';

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
/** Lines are written once this much is pending (about fifty request lines). */
const FLUSH_AT_CHARS = 16 * 1024;
/** What may wait for a reader that does not keep up: beyond it, lines are dropped and counted. */
const MAX_PENDING_CHARS = 1024 * 1024;

/** The stdout writers of this process, each written out at exit. */
const writers = new Set<BatchedLines>();
let flushAtExit = false;

/**
 * Structured JSON logs. By default written to stdout in chunks, off the event loop, so logging
 * never costs a system call per request under load; what is pending is written at least every
 * second (and at exit), so a person watching sees each request within a second.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  if (destination) return pino(options(level), destination);
  if (level === 'silent') return pino(options(level), { write: () => undefined });
  const lines = new BatchedLines({
    fd: 1,
    flushAtChars: FLUSH_AT_CHARS,
    maxPendingChars: MAX_PENDING_CHARS,
    onFailure: (error) => {
      writers.delete(lines);
      // stdout failed (a full disk, a closed terminal): the gateway goes on without its logs.
      process.stderr.write(
        `logs can no longer be written to stdout (${error.code ?? error.name}): the gateway goes on without them\n`,
      );
    },
    // Called after a write completes, so never before `logger` below is set.
    onDropped: (count) =>
      logger.warn({ dropped: count }, 'log lines dropped: stdout was not read fast enough'),
  });
  writers.add(lines);
  if (!flushAtExit) {
    flushAtExit = true;
    process.on('exit', () => {
      for (const writer of writers) writer.flushSync();
    });
  }
  setInterval(() => lines.flush(), FLUSH_INTERVAL_MS).unref();
  const logger = pino(options(level), lines);
  return logger;
}

const options = (level: LogLevel): pino.LoggerOptions => ({
  level,
  base: { service: 'intercom-messages-gateway' },
  redact: { paths: REDACTED, censor: '[redacted]' },
});
