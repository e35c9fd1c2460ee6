import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  promises as fs,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { StoredFile } from '../attachments';
import { FIRST_IDS, type IdAllocator, type IdCounters, type IdKind } from '../id-allocator';
import type { EmulatorStore, StoreState } from '../store';
import { replaceFile, replaceFileSync } from './atomic-write';
import { FolderLock } from './folder-lock';
import { decodeSnapshot, encodeSnapshot, FILE_ID, SnapshotDamage } from './snapshot-format';

/**
 * The emulator's state on disk, in one folder:
 *   state.jsonl   the store as it last was saved (snapshot-format.ts)
 *   ids.json      how far each id counter is reserved (id-allocator.ts): ahead of the state
 *   files/<id>    the bytes of files sent as attachments
 *   emulator.lock the process that owns the folder
 *
 * The state is saved whole, a moment after it changes and when the emulator closes, not at each
 * change: a request pays nothing for it, and a process killed outright (kill -9) loses at most
 * the last moment's changes. Ids are what may not be lost, as the gateway's ledger and clients
 * keep them: they are reserved ahead in blocks, synchronously, and never handed out twice.
 */

const STATE_FILE = 'state.jsonl';
const IDS_FILE = 'ids.json';
const FILES_FOLDER = 'files';
const IDS_FORMAT = 'intercom-emulator-ids';

/** How long after a change the state is saved: changes in between are saved together. */
const SAVE_DELAY_MS = 250;
/**
 * Reading a large state out holds up the process (the gateway's too, embedded) for as long as it
 * takes, ~0.2 s for a full store: the next save waits at least this many times as long, so that
 * saving takes at most a tenth of the time however large the state.
 */
const SPACING_FACTOR = 10;
/** After a failed save (a full disk), how long before the next try. */
const RETRY_DELAY_MS = 5000;

/** The folder cannot be used; the message is the one line a person needs to go on. */
export class EmulatorStateError extends Error {
  override readonly name = 'EmulatorStateError';
}

/** `memory://` (as LEDGER_DATA_DIR has it): the emulator keeps nothing. */
export const keepsNothing = (dataDir: string | undefined): boolean =>
  dataDir === undefined || dataDir.startsWith('memory://');

function damaged(dir: string, what: string): EmulatorStateError {
  return new EmulatorStateError(
    `The emulator's state in ${dir} cannot be read: ${what}. Nothing was changed: move the folder away (or delete it) to start from the seeded workspace, or set EMULATOR_DATA_DIR to another folder.`,
  );
}

function unusable(dir: string, error: unknown): EmulatorStateError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code) ? code : 'an error';
  return new EmulatorStateError(
    `The emulator's state folder ${dir} cannot be used (${reason}): check it can be written, or set EMULATOR_DATA_DIR to another folder (memory:// keeps nothing).`,
  );
}

/** A file's lines, read a piece at a time (a line never splits a UTF-8 character: 0x0a is ASCII). */
function* linesOf(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let carried: Buffer[] = [];
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      let start = 0;
      for (let end = chunk.indexOf(0x0a, 0); end !== -1 && end < read;) {
        carried.push(chunk.subarray(start, end));
        yield Buffer.concat(carried).toString('utf8');
        carried = [];
        start = end + 1;
        end = chunk.indexOf(0x0a, start);
      }
      if (start < read) carried.push(Buffer.from(chunk.subarray(start, read)));
    }
    // A last line without its line end: the file was cut short, which the checksum tells.
    if (carried.length > 0) yield Buffer.concat(carried).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function readReservation(dir: string, path: string): IdCounters | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: { format?: unknown; reserved?: Record<string, unknown> };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof parsed;
  } catch {
    throw damaged(dir, `${IDS_FILE} is not JSON`);
  }
  const reserved: Partial<Record<IdKind, number>> = {};
  for (const kind of Object.keys(FIRST_IDS) as IdKind[]) {
    const value = parsed?.reserved?.[kind];
    if (parsed?.format !== IDS_FORMAT || typeof value !== 'number' || !Number.isSafeInteger(value))
      throw damaged(dir, `${IDS_FILE} is not an id reservation`);
    reserved[kind] = value;
  }
  return reserved as IdCounters;
}

/** Temporary files a process killed mid-write left (the folder is this process's now). */
function removeLeftovers(dir: string): void {
  for (const folder of [dir, join(dir, FILES_FOLDER)]) {
    for (const name of readdirSync(folder)) {
      if (name.endsWith('.tmp')) rmSync(join(folder, name), { force: true });
    }
  }
}

const highest = (a: IdCounters, b: IdCounters): IdCounters => ({
  message: Math.max(a.message, b.message),
  conversation: Math.max(a.conversation, b.conversation),
  part: Math.max(a.part, b.part),
});

const beyondFirst = (counters: IdCounters): boolean =>
  (Object.keys(FIRST_IDS) as IdKind[]).some((kind) => counters[kind] > FIRST_IDS[kind]);

/** An emulator's folder, locked to this process, with what it held when it was opened. */
export class StateFolder {
  private store: EmulatorStore | undefined;
  private ids: IdAllocator | undefined;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  /** Saves run one after another, never two at once over the same files. */
  private saving: Promise<void> = Promise.resolve();
  /** Files whose bytes are in the folder already. */
  private readonly filesOnDisk: Set<string>;
  private closed = false;
  /** Set once close() starts: from then on only close() saves. */
  private closing = false;
  /** How long reading the state out took last time. */
  private lastEncodeMs = 0;

  private constructor(
    private readonly dir: string,
    private readonly lock: FolderLock,
    /** Where the id counters go on from: the last reservation (ahead of any id handed out). */
    readonly counters: IdCounters,
    /** The saved state; undefined for a new folder (the emulator seeds it). */
    readonly state: StoreState | undefined,
    filesOnDisk: Iterable<string>,
    private readonly onSaveError: (message: string) => void,
  ) {
    this.filesOnDisk = new Set(filesOnDisk);
  }

  /**
   * Opens (creating it if need be) and locks `dataDir`, and reads its state. Throws
   * EmulatorStateError, changing nothing, when the folder is another process's, cannot be
   * used, or holds a state that cannot be read: never a silent fresh start over saved state.
   */
  static open(dataDir: string, onSaveError: (message: string) => void): StateFolder {
    const dir = resolve(dataDir);
    try {
      mkdirSync(join(dir, FILES_FOLDER), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw unusable(dir, error);
    }
    let lock: ReturnType<typeof FolderLock.acquire>;
    try {
      lock = FolderLock.acquire(dir);
    } catch (error) {
      throw unusable(dir, error);
    }
    if (!(lock instanceof FolderLock)) {
      throw new EmulatorStateError(
        `The emulator's state in ${dir} is in use by another process (pid ${lock.pid} on ${lock.host}): stop that one, or give this one its own EMULATOR_DATA_DIR (memory:// keeps nothing).`,
      );
    }
    try {
      const { counters, state, files } = StateFolder.read(dir);
      removeLeftovers(dir);
      return new StateFolder(dir, lock, counters, state, files, onSaveError);
    } catch (error) {
      lock.release();
      throw error instanceof EmulatorStateError ? error : unusable(dir, error);
    }
  }

  private static read(dir: string): {
    counters: IdCounters;
    state: StoreState | undefined;
    files: string[];
  } {
    const filesFolder = join(dir, FILES_FOLDER);
    const reserved = readReservation(dir, join(dir, IDS_FILE));
    const files = readdirSync(filesFolder).filter((name) => FILE_ID.test(name));
    const statePath = join(dir, STATE_FILE);
    if (!existsSync(statePath)) return { counters: reserved ?? FIRST_IDS, state: undefined, files };
    let decoded: ReturnType<typeof decodeSnapshot>;
    try {
      decoded = decodeSnapshot(linesOf(statePath));
    } catch (error) {
      if (error instanceof SnapshotDamage) throw damaged(dir, `${STATE_FILE}: ${error.message}`);
      throw error;
    }
    // Ids past the first are reserved before they are handed out: a state holding some with no
    // reservation lost its ids file, and going on from the state's counters could reuse ids.
    if (!reserved && beyondFirst(decoded.counters)) throw damaged(dir, `${IDS_FILE} is missing`);
    const stored: StoredFile[] = decoded.files.map((entry) => {
      let data: Buffer;
      try {
        data = readFileSync(join(filesFolder, entry.id));
      } catch {
        throw damaged(dir, `the attachment file ${FILES_FOLDER}/${entry.id} is missing`);
      }
      if (data.length !== entry.size) {
        throw damaged(dir, `the attachment file ${FILES_FOLDER}/${entry.id} has another size`);
      }
      return { id: entry.id, name: entry.name, contentType: entry.contentType, data };
    });
    return {
      counters: highest(reserved ?? FIRST_IDS, decoded.counters),
      state: { ...decoded.state, files: stored },
      files,
    };
  }

  /** From now on, `store` (whose ids come from `ids`) is saved as it changes. */
  attach(store: EmulatorStore, ids: IdAllocator): void {
    this.store = store;
    this.ids = ids;
  }

  /** Writes the id reservation through to the disk; the allocator hands out no id before. */
  reserveIds(reserved: IdCounters): void {
    try {
      replaceFileSync(
        join(this.dir, IDS_FILE),
        `${JSON.stringify({ format: IDS_FORMAT, reserved })}\n`,
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.onSaveError(
        `The emulator could not reserve ids in ${this.dir} (${typeof code === 'string' ? code : 'an error'}): it answers 500 until it can.`,
      );
      throw error;
    }
  }

  /** The state changed: it is saved a moment later, with whatever else changes meanwhile. */
  changed(): void {
    if (!this.store || this.closed) return;
    this.dirty = true;
    this.later(Math.max(SAVE_DELAY_MS, this.lastEncodeMs * SPACING_FACTOR));
  }

  /** Resolves once the state as it is now is on disk; rejects if it could not be written. */
  save(): Promise<void> {
    this.dirty = true;
    return this.flush();
  }

  /** Saves what is left to save and lets the folder go. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.closing = true;
    try {
      if (this.store) await this.flush();
    } catch {
      // Said by flush already; the folder is let go all the same.
    } finally {
      this.closed = true;
      this.lock.release();
    }
  }

  private later(delayMs: number): void {
    // Closing, close() makes the last save: no timer may write after it let the folder go.
    if (this.timer || this.closing) return;
    // Unref: a pending save does not keep a process alive; close() saves what is pending.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closing) return;
      this.flush().catch(() => this.later(RETRY_DELAY_MS));
    }, delayMs).unref();
  }

  private flush(): Promise<void> {
    const next = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await this.write();
      } catch (error) {
        this.dirty = true;
        const code = (error as NodeJS.ErrnoException).code;
        this.onSaveError(
          `The emulator could not save its state in ${this.dir} (${typeof code === 'string' ? code : 'an error'}); it tries again.`,
        );
        throw error;
      }
    });
    // The chain goes on past a failed save; the caller of this one hears of the failure.
    this.saving = next.catch(() => undefined);
    return next;
  }

  /** Attachment bytes first, then the state that names them, then bytes nothing names. */
  private async write(): Promise<void> {
    const store = this.store as EmulatorStore;
    const started = performance.now();
    const state = store.exportState();
    const pieces = encodeSnapshot(state, (this.ids as IdAllocator).counters);
    this.lastEncodeMs = performance.now() - started;
    const filesFolder = join(this.dir, FILES_FOLDER);
    for (const file of state.files) {
      if (this.filesOnDisk.has(file.id)) continue;
      await replaceFile(join(filesFolder, file.id), [file.data]);
      this.filesOnDisk.add(file.id);
    }
    await replaceFile(join(this.dir, STATE_FILE), pieces);
    const named = new Set(state.files.map((file) => file.id));
    for (const id of [...this.filesOnDisk]) {
      if (named.has(id)) continue;
      await fs.rm(join(filesFolder, id), { force: true });
      this.filesOnDisk.delete(id);
    }
  }
}
