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

export class RequestLog {
  private entries: RecordedRequest[] = [];

  constructor(private readonly capacity: number) {}

  add(entry: RecordedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) {
      this.entries = this.entries.slice(this.entries.length - this.capacity);
    }
  }

  list(route?: string): RecordedRequest[] {
    return route === undefined ? [...this.entries] : this.entries.filter((e) => e.route === route);
  }

  clear(): void {
    this.entries = [];
  }
}
