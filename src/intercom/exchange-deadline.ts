import { EventEmitter } from 'node:events';

/**
 * When one exchange with Intercom must be over, as the signal undici's `request` takes: undici
 * accepts an EventEmitter there (it listens for `abort` and reads `aborted` and `reason`), which
 * costs far less per exchange than an AbortController and its EventTarget.
 */
export class ExchangeDeadline extends EventEmitter {
  aborted = false;
  reason: Error | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.timer = setTimeout(() => {
      this.aborted = true;
      this.reason = new DOMException('The call ran out of time.', 'TimeoutError');
      this.emit('abort');
    }, ms);
  }

  /** The exchange is over: the timer goes. */
  clear(): void {
    clearTimeout(this.timer);
  }

  /**
   * The request's answer, or the deadline's reason as soon as it passes: undici drops a request
   * still connecting at the deadline only once the connect ends (INTERCOM_CONNECT_TIMEOUT_MS).
   */
  race<T>(answered: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.reason as Error);
      this.once('abort', onAbort);
      answered.then(
        (value) => {
          this.removeListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          this.removeListener('abort', onAbort);
          reject(error as Error);
        },
      );
    });
  }
}
