/** The requests the emulator received, newest last, so wire tests can assert the exact JSON sent. */
export interface RecordedRequest {
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, lower-cased, without `authorization`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown;
  readonly at: number;
}

/** A ring buffer: recording a request costs the same however many are kept. */
export class RequestLog {
  private entries: Array<RecordedRequest | undefined>;
  private next = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.entries = new Array<RecordedRequest | undefined>(capacity);
  }

  add(entry: RecordedRequest): void {
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  list(route?: string): RecordedRequest[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    const ordered: RecordedRequest[] = [];
    for (let index = 0; index < this.count; index += 1) {
      const entry = this.entries[(start + index) % this.capacity] as RecordedRequest;
      if (route === undefined || entry.route === route) ordered.push(entry);
    }
    return ordered;
  }

  clear(): void {
    this.entries = new Array<RecordedRequest | undefined>(this.capacity);
    this.next = 0;
    this.count = 0;
  }
}
