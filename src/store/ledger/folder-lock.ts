import { closeSync, linkSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
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

/** The lock files this process holds (a second gateway in one process is refused too). */
const heldHere = new Set<string>();

function isAlive(owner: Owner, path: string): boolean {
  // This very pid: this process, or a previous life of the pid (a container started again).
  if (owner.pid === process.pid) return heldHere.has(path);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid is taken: by the owner, unless it started at another time (a reused pid).
  const started = startTimeOf(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

function readOwner(path: string): Owner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8').slice(0, 1024)) as Partial<Owner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0)
      return null;
    return {
      pid: parsed.pid,
      started: typeof parsed.started === 'string' ? parsed.started : null,
      host: typeof parsed.host === 'string' ? parsed.host.slice(0, 255) : 'an unknown host',
    };
  } catch {
    return null;
  }
}

/**
 * One owner per embedded ledger folder, as PostgreSQL's own postmaster.pid does it: a file that
 * names the owning process, created exclusively. A lock whose process is gone (kill -9, a
 * crash, a container started again) is stale, and the next start takes it over at once.
 */
export class FolderLock {
  private constructor(
    private readonly path: string,
    private readonly mine: string,
    private readonly identity: { dev: number; ino: number },
  ) {}

  /** Takes the folder's lock, or throws FolderLockedError naming its live owner. */
  static acquire(dir: string): FolderLock {
    const path = join(resolve(dir), LOCK_FILE);
    const mine = JSON.stringify({
      pid: process.pid,
      started: startTimeOf(process.pid),
      host: hostname(),
    } satisfies Owner);
    // Written aside, then linked into place: the lock appears whole or not at all.
    const draft = `${path}.${process.pid}`;
    const fd = openSync(draft, 'w', 0o600);
    try {
      writeSync(fd, mine);
    } finally {
      closeSync(fd);
    }
    try {
      // Twice at most: a stale lock is removed once; a second refusal is a live owner's.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          linkSync(draft, path);
          const stat = statSync(path);
          heldHere.add(path);
          return new FolderLock(path, mine, { dev: stat.dev, ino: stat.ino });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const owner = readOwner(path);
        if (owner && isAlive(owner, path)) throw new FolderLockedError(dir, owner);
        // Stale (or unreadable, from a crash while writing it): taken over.
        rmSync(path, { force: true });
      }
    } finally {
      rmSync(draft, { force: true });
    }
    throw new FolderLockedError(
      dir,
      readOwner(path) ?? { pid: 0, started: null, host: 'an unknown host' },
    );
  }

  /**
   * Whether the lock is still this process's own file: false once the folder was removed,
   * replaced, or taken over by another process.
   */
  held(): boolean {
    try {
      const stat = statSync(this.path);
      if (stat.dev !== this.identity.dev || stat.ino !== this.identity.ino) return false;
      return readFileSync(this.path, 'utf8') === this.mine;
    } catch {
      return false;
    }
  }

  release(): void {
    if (this.held()) rmSync(this.path, { force: true });
    heldHere.delete(this.path);
  }
}
