import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'emulator.lock';

/** Who holds a folder: enough to tell a live owner from one that died. */
export interface LockOwner {
  readonly pid: number;
  /** Its start in clock ticks since boot (Linux /proc): tells a reused pid from the owner. */
  readonly started: string | null;
  readonly host: string;
}

function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Lock files this process holds: a second emulator in this process on one folder is refused. */
const heldHere = new Set<string>();

function isAlive(owner: LockOwner, path: string): boolean {
  // This pid: this process, or a previous life of the pid (a container started again).
  if (owner.pid === process.pid) return heldHere.has(path);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = startTimeOf(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8').slice(0, 1024)) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) {
      return null;
    }
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
 * One process per state folder: two emulators saving over each other would each lose the
 * other's state and hand out the same ids. A file naming the owner, created exclusively; one
 * whose process is gone (kill -9, a crash, a container started again) is taken over at once.
 * The gateway's ledger has its own lock; the emulator is a unit of its own and keeps its own.
 */
export class FolderLock {
  private constructor(private readonly path: string) {}

  /** Takes the folder's lock; answers the live owner instead when another process holds it. */
  static acquire(dir: string): FolderLock | LockOwner {
    const path = join(dir, LOCK_FILE);
    const mine: LockOwner = {
      pid: process.pid,
      started: startTimeOf(process.pid),
      host: hostname(),
    };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let fd: number;
      try {
        fd = openSync(path, 'wx', 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(path);
        if (owner && isAlive(owner, path)) return owner;
        // Stale, or unreadable (its owner died writing it): taken over.
        rmSync(path, { force: true });
        continue;
      }
      try {
        writeSync(fd, JSON.stringify(mine));
      } finally {
        closeSync(fd);
      }
      heldHere.add(path);
      return new FolderLock(path);
    }
    return readOwner(path) ?? { pid: 0, started: null, host: 'an unknown host' };
  }

  release(): void {
    rmSync(this.path, { force: true });
    heldHere.delete(this.path);
  }
}
