import {
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  promises as fs,
} from 'node:fs';
import { dirname } from 'node:path';

/**
 * Files replaced whole or not at all: written beside their place, flushed to the disk, renamed
 * over it (atomic within a folder), and the folder flushed so the rename itself survives a power
 * cut. A process killed part-way leaves the old file and a stray temporary one, never half a file.
 */

const temporaryOf = (path: string): string => `${path}.${process.pid}.tmp`;

function syncFolder(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function replaceFileSync(path: string, content: string | Buffer): void {
  const temporary = temporaryOf(path);
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeFileSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(path);
}

/** The same, written piece by piece: a large state is never one string in memory. */
export async function replaceFile(path: string, pieces: Iterable<string | Buffer>): Promise<void> {
  const temporary = temporaryOf(path);
  try {
    const handle = await fs.open(temporary, 'w', 0o600);
    try {
      // writeFile goes on from where the last one ended, and writes its piece whole.
      for (const piece of pieces) await handle.writeFile(piece);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  const folder = await fs.open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
