import { EventEmitter } from 'node:events';
import { Pool, type Dispatcher } from 'undici';

/** Where a request's options carry its exchange, for the pool to mark it written. */
const EXCHANGE = Symbol('exchange');

/**
 * When one exchange with Intercom must be over, as the signal undici's `request` takes: undici
 * accepts an EventEmitter there (it listens for `abort` and reads `aborted` and `reason`), which
 * costs far less per exchange than an AbortController and its EventTarget.
 */
export class ExchangeDeadline extends EventEmitter {
  aborted = false;
  reason: Error | undefined;
  /**
   * Set once undici starts writing the request (see WriteTrackingPool): before that, a deadline
   * that passes leaves nothing written, and undici drops the request unwritten.
   */
  written = false;
  private readonly timer: NodeJS.Timeout;
  /** Rejects the promise `race` gave, when the deadline passes first. */
  private expired: ((reason: Error) => void) | undefined;

  constructor(ms: number) {
    super();
    this.timer = setTimeout(expire, ms, this);
  }

  /** The deadline passed: the race is lost and undici, listening for `abort`, drops the request. */
  expire(): void {
    this.aborted = true;
    this.reason = new DOMException('The call ran out of time.', 'TimeoutError');
    this.expired?.(this.reason);
    this.emit('abort');
  }

  /**
   * The options of undici's `request` for this exchange, with it as their signal: the object
   * given (made for this exchange) gains both, rather than being copied.
   */
  options<T extends object>(options: T): T & { signal: ExchangeDeadline } {
    const signalled = options as T & { signal: ExchangeDeadline; [EXCHANGE]: ExchangeDeadline };
    signalled.signal = this;
    signalled[EXCHANGE] = this;
    return signalled;
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
    // The rejection is kept, not registered as a listener: an exchange pays for no listener
    // added and removed besides the one undici adds.
    return new Promise<T>((resolve, reject) => {
      if (this.aborted) reject(this.reason as Error);
      this.expired = reject;
      answered.then(resolve, reject);
    });
  }
}

function expire(deadline: ExchangeDeadline): void {
  deadline.expire();
}

type LegacyHandler = Omit<Dispatcher.DispatchHandler, 'onConnect'> & {
  onConnect?: (abort: (error?: Error) => void, context?: unknown) => void;
};

/**
 * A pool that tells an exchange when undici starts writing it: undici calls the request's
 * `onConnect` on a connected socket just before the first byte goes out (and a request whose
 * signal has fired is dropped there, unwritten).
 */
export class WriteTrackingPool extends Pool {
  override dispatch(options: Dispatcher.DispatchOptions, handler: LegacyHandler): boolean {
    // undici's request() hands over its own handler, with the legacy onConnect it calls.
    const exchange = (options as { [EXCHANGE]?: ExchangeDeadline })[EXCHANGE];
    const onConnect = handler.onConnect;
    if (exchange !== undefined && onConnect !== undefined) {
      handler.onConnect = function (this: LegacyHandler, abort, context) {
        if (!exchange.aborted) exchange.written = true;
        return onConnect.call(this, abort, context);
      };
    }
    return super.dispatch(options, handler as Dispatcher.DispatchHandler);
  }
}
