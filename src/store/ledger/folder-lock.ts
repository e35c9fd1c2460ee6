import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  readdirSync,
  readSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** The lock file's name inside the embedded ledger's folder. */
export const LOCK_FILE = 'gateway.lock';

/** Who holds a folder: enough to tell a live owner from one that died. */
interface Owner {
  readonly pid: number;
  /** The process's start, in clock ticks since boot (Linux): tells a reused pid from its owner. */
  readonly started: string | null;
  readonly host: string;
  /** Its pid namespace (Linux): two containers on one host (host networking) have their own. */
  readonly ns: string | null;
}

/** Another live process holds the folder: the one line a person needs to go on. */
export class FolderLockedError extends Error {
  override readonly name = 'FolderLockedError';

  constructor(dir: string, owner: Owner) {
    super(
      `The embedded ledger in ${dir} is in use by another gateway (pid ${owner.pid} on ${owner.host}); two processes on one folder corrupt it. ` +
        'Stop that one, or give this one its own LEDGER_DATA_DIR, a DATABASE_URL (a PostgreSQL server both can share), or LEDGER=off.',
    );
  }
}

/** `/proc/<pid>/stat`'s start time, or null where there is no /proc (or no such process). */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** This process's pid namespace, or null where there is no /proc. */
function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

/**
 * The folder is not this process's any more (removed, replaced, or taken over by another
 * process): nothing is read from it or written into it again.
 */
export class FolderLostError extends Error {
  override readonly name = 'FolderLostError';

  constructor(dir: string, unread = false) {
    super(
      unread
        ? `the lock of the folder ${dir} could not be read`
        : `the folder ${dir} was removed, replaced or taken over`,
    );
  }
}

/** The lock files this process holds (a second gateway in one process is refused too). */
const heldHere = new Set<string>();

/**
 * How often the owner touches its lock file, and after how long without a touch its owner counts
 * as gone where its process cannot be looked at.
 */
export const LOCK_BEAT_MS = 2_000;
export const LOCK_STALE_MS = 10_000;
/**
 * How long a look at the lock file counts for: each use of the folder looks again once this is
 * over, so that an owner whose lock was taken over (its process stalled past LOCK_STALE_MS, a
 * third start's race) stops within this of resuming, without a look at every query.
 */
const LOCK_LOOK_MS = 250;

/**
 * Whether the owner lives: 'yes' or 'no' where its process can be looked at (this host and pid
 * namespace, another pid), 'beat' where only its heartbeat can tell: an owner on another host
 * or in another pid namespace (a container on the same volume; its pid means nothing here), or
 * one with this very pid that this process does not hold (a previous life of a container's
 * pid 1, or another container's pid 1).
 */
function liveness(owner: Owner, path: string): 'yes' | 'no' | 'beat' {
  if (heldHere.has(path)) return 'yes';
  const ns = pidNamespace();
  const elsewhere =
    owner.host !== hostname() || (owner.ns !== null && ns !== null && owner.ns !== ns);
  if (elsewhere || owner.pid === process.pid) return 'beat';
  return isAlive(owner) ? 'yes' : 'no';
}

function isAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid is taken: by the owner, unless it started at another time (a reused pid).
  const started = startTimeOf(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

/** An owner as its lock file names it, or null if the text names none. */
function ownerIn(text: string): Owner | null {
  try {
    const parsed = JSON.parse(text.slice(0, 1024)) as Partial<Owner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0)
      return null;
    return {
      pid: parsed.pid,
      started: typeof parsed.started === 'string' ? parsed.started : null,
      host: typeof parsed.host === 'string' ? parsed.host.slice(0, 255) : 'an unknown host',
      ns: typeof parsed.ns === 'string' ? parsed.ns.slice(0, 64) : null,
    };
  } catch {
    return null;
  }
}

function readOwner(path: string): Owner | null {
  try {
    return ownerIn(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * The lock file as it is now: which file, when last touched, and the owner it names, all of the
 * one file (read through one descriptor: a file put in its place meanwhile is not mixed in), or
 * undefined if there is none.
 */
function lockFile(path: string): { ino: number; mtimeMs: number; owner: Owner | null } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const { ino, mtimeMs } = fstatSync(fd);
    const text = Buffer.alloc(1024);
    const length = readSync(fd, text, 0, text.length, 0);
    return { ino, mtimeMs, owner: ownerIn(text.subarray(0, length).toString('utf8')) };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes the lock judged stale (file `ino`): moved aside first, so that a lock another start
 * put there meanwhile (having judged the same one stale) is put back, not removed.
 */
function removeStale(path: string, ino: number): void {
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  try {
    if (statSync(aside).ino !== ino) linkSync(aside, path);
  } catch {
    // Another lock is in place already: it is judged at the next attempt.
  } finally {
    rmSync(aside, { force: true });
  }
}

/** A draft or a set-aside lock (`<lock>.<uuid>.draft`, `.stale`), as `acquire` names them. */
const LEFTOVER = /^gateway\.lock\.[0-9a-f-]{36}\.(?:draft|stale)$/;

/**
 * Drafts and set-aside locks a start left when it died between making and removing one (they
 * live for a moment otherwise): removed once unchanged for LOCK_STALE_MS (their ctime: a rename
 * counts), so that another start's, made just now, is left alone.
 */
function removeLeftovers(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => LEFTOVER.test(name));
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).ctimeMs > LOCK_STALE_MS) rmSync(path, { force: true });
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * One owner per embedded ledger folder, as PostgreSQL's own postmaster.pid does it: a file that
 * names the owning process, created exclusively. A lock whose process is gone (kill -9, a crash)
 * is stale, and the next start takes it over at once. Where the owner's process cannot be looked
 * at (another host, or a container's pid 1), its heartbeat decides, as this host sees it (the
 * owner's clock may not be this one's): the start is refused as soon as it sees the lock
 * touched, and takes it over once it has watched it go LOCK_STALE_MS untouched.
 */
export class FolderLock {
  private readonly heartbeat: NodeJS.Timeout;
  /** Set for good once the lock is found not to be this process's. */
  private lostFolder = false;
  /** When the lock file was last found to be this process's (this process's clock). */
  private lookedAt = performance.now();

  private constructor(
    private readonly dir: string,
    private readonly path: string,
    private readonly mine: string,
    private readonly identity: { dev: number; ino: number },
  ) {
    this.heartbeat = setInterval(() => this.beat(), LOCK_BEAT_MS);
    this.heartbeat.unref();
  }

  /** Takes the folder's lock, or throws FolderLockedError naming its live owner. */
  static async acquire(dir: string): Promise<FolderLock> {
    const path = join(resolve(dir), LOCK_FILE);
    const mine = JSON.stringify({
      pid: process.pid,
      started: startTimeOf(process.pid),
      host: hostname(),
      ns: pidNamespace(),
    } satisfies Owner);
    removeLeftovers(dir);
    // Written aside, then linked into place: the lock appears whole or not at all. (Its name is
    // its own: two containers' pid 1 on one volume would share a name made of the pid.)
    const draft = `${path}.${randomUUID()}.draft`;
    const fd = openSync(draft, 'w', 0o600);
    try {
      writeSync(fd, mine);
    } finally {
      closeSync(fd);
    }
    // The lock as first seen, and since when (this process's clock), while its owner is judged
    // by its heartbeat.
    let watched: { ino: number; mtimeMs: number; since: number } | undefined;
    // However the lock file churns, the start ends: taken, or refused.
    const giveUpAt = performance.now() + 3 * LOCK_STALE_MS;
    let last: Owner | null = null;
    try {
      // Twice at most: a stale lock is removed once; a second refusal is a live owner's.
      for (let attempt = 0; attempt < 2;) {
        try {
          linkSync(draft, path);
          const stat = statSync(path);
          heldHere.add(path);
          return new FolderLock(dir, path, mine, { dev: stat.dev, ino: stat.ino });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const seen = lockFile(path);
        // Gone meanwhile: linked at the next turn.
        if (seen === undefined) continue;
        const owner = seen.owner;
        last = owner ?? last;
        if (performance.now() > giveUpAt) break;
        const alive = owner ? liveness(owner, path) : 'no';
        if (alive === 'yes') throw new FolderLockedError(dir, owner as Owner);
        if (alive === 'beat') {
          if (watched === undefined || watched.ino !== seen.ino) {
            watched = { ...seen, since: performance.now() };
          } else if (watched.mtimeMs !== seen.mtimeMs) {
            // Touched while watched: its owner lives.
            throw new FolderLockedError(dir, owner as Owner);
          }
          if (performance.now() - watched.since < LOCK_STALE_MS) {
            await new Promise((wake) => setTimeout(wake, LOCK_BEAT_MS / 4));
            continue;
          }
        }
        // Stale (or unreadable, from a crash while writing it): taken over.
        removeStale(path, seen.ino);
        attempt += 1;
      }
    } finally {
      rmSync(draft, { force: true });
    }
    throw new FolderLockedError(
      dir,
      readOwner(path) ?? last ?? { pid: 0, started: null, host: 'an unknown host', ns: null },
    );
  }

  /**
   * The lock file as it is now: this process's own, not (gone, replaced, another's), or not
   * read (an error that says nothing of the file: EMFILE, EIO).
   */
  private look(): 'mine' | 'not mine' | 'unread' {
    try {
      const stat = statSync(this.path);
      if (stat.dev !== this.identity.dev || stat.ino !== this.identity.ino) return 'not mine';
      return readFileSync(this.path, 'utf8') === this.mine ? 'mine' : 'not mine';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'not mine' : 'unread';
    }
  }

  /**
   * Throws FolderLostError once the lock is not this process's own file: before each use of
   * the folder. The file is looked at again once LOCK_LOOK_MS has passed since the last look
   * (`now`: at once); a folder found lost stays lost.
   */
  assertHeld({ now = false } = {}): void {
    if (!this.lostFolder && (now || performance.now() - this.lookedAt >= LOCK_LOOK_MS)) {
      const seen = this.look();
      if (seen === 'mine') this.lookedAt = performance.now();
      else if (seen === 'not mine') this.lostFolder = true;
      // Not read (out of file descriptors, an I/O error): refused this time, looked at again
      // at the next use.
      else throw new FolderLostError(this.dir, true);
    }
    if (this.lostFolder) throw new FolderLostError(this.dir);
  }

  /** Touches the lock file: its owner lives (see LOCK_STALE_MS). Nothing once it is not held. */
  private beat(): void {
    try {
      this.assertHeld({ now: true });
    } catch {
      return;
    }
    const now = new Date();
    try {
      utimesSync(this.path, now, now);
    } catch {
      // Read as gone at the next `held()`.
    }
  }

  release(): void {
    clearInterval(this.heartbeat);
    if (!this.lostFolder && this.look() === 'mine') rmSync(this.path, { force: true });
    heldHere.delete(this.path);
  }
}
