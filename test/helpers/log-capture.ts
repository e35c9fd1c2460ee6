import { Writable } from 'node:stream';

/** Every line the gateway logs, as text, to scan. */
export class LogCapture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  }

  /** The lines as JSON objects. */
  entries(): Array<Record<string, any>> {
    return this.lines.map((text) => JSON.parse(text) as Record<string, any>);
  }
}
