import { createHash } from 'node:crypto';
import type { StoredFile } from '../attachments';
import { FIRST_IDS, type IdCounters, type IdKind } from '../id-allocator';
import type {
  AdminRecord,
  ContactRecord,
  ConversationRecord,
  MessageRecord,
  TeamRecord,
} from '../records';
import type { StoreState } from '../store';

/**
 * The state file: JSON lines, one record a line, so that neither writing nor reading ever holds
 * the whole state as one string (a full store is far beyond what one string may hold). A header
 * line first (format, version, the id counters), the records in the store's order, and a last
 * line with their count and the SHA-256 of every line before it: a file cut short or changed by
 * hand is told from a good one, and refused rather than half read.
 *
 * Files sent as attachments are kept beside it (their bytes would swell every write); their
 * lines hold what the store knows of them but the data.
 */

export const FORMAT = 'intercom-emulator-state';
export const VERSION = 1;

/** A file's line: the store's record without its bytes, and their length to check them by. */
export interface FileEntry {
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
}

/** The state as read back: files still without their bytes. */
export interface DecodedSnapshot {
  readonly counters: IdCounters;
  readonly state: Omit<StoreState, 'files'>;
  readonly files: readonly FileEntry[];
}

/** What is wrong with a state file, in words that quote none of its contents. */
export class SnapshotDamage extends Error {
  override readonly name = 'SnapshotDamage';
}

/** File ids name files in the folder: exactly the shape `newFileId` gives them, nothing else. */
export const FILE_ID = /^[0-9a-f]{16}$/;

const LINES_PER_PIECE = 500;

/** The file's lines, grouped in pieces for writing; records are serialized here, at once. */
export function encodeSnapshot(state: StoreState, counters: IdCounters): string[] {
  const hash = createHash('sha256');
  const pieces: string[] = [];
  let piece: string[] = [];
  let records = 0;
  const line = (value: unknown, counted = true) => {
    const text = `${JSON.stringify(value)}\n`;
    hash.update(text);
    piece.push(text);
    if (counted) records += 1;
    if (piece.length >= LINES_PER_PIECE) {
      pieces.push(piece.join(''));
      piece = [];
    }
  };
  line({ format: FORMAT, version: VERSION, counters }, false);
  for (const admin of state.admins) line({ admin });
  for (const team of state.teams) line({ team });
  for (const contact of state.contacts) line({ contact });
  for (const message of state.messages) line({ message });
  for (const conversation of state.conversations) line({ conversation });
  for (const file of state.files) line({ file: fileEntryOf(file) });
  piece.push(`${JSON.stringify({ end: { records, sha256: hash.digest('hex') } })}\n`);
  pieces.push(piece.join(''));
  return pieces;
}

const fileEntryOf = (file: StoredFile): FileEntry => ({
  id: file.id,
  name: file.name,
  contentType: file.contentType,
  size: file.data.length,
});

type Shape = Readonly<Record<string, 'string' | 'number' | 'boolean' | 'array' | 'string?'>>;

/** The fields the store indexes and serializers read without checking; the rest is trusted. */
const SHAPES = {
  admin: { id: 'string', name: 'string' },
  team: { id: 'string', name: 'string' },
  contact: { id: 'string', role: 'string', email: 'string?', externalId: 'string?' },
  message: { id: 'string', contactIds: 'array', conversationId: 'string?', createdAt: 'number' },
  conversation: { id: 'string', contactIds: 'array', parts: 'array', updatedAt: 'number' },
  file: { id: 'string', name: 'string', contentType: 'string', size: 'number' },
} as const satisfies Record<string, Shape>;

type RecordKind = keyof typeof SHAPES;

function fits(value: unknown, shape: Shape): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return Object.entries(shape).every(([field, type]) => {
    const found = record[field];
    if (type === 'array') return Array.isArray(found);
    if (type === 'string?') return found === null || typeof found === 'string';
    return typeof found === type;
  });
}

function countersOf(value: unknown): IdCounters | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const given = value as Record<string, unknown>;
  const counters: Partial<Record<IdKind, number>> = {};
  for (const kind of Object.keys(FIRST_IDS) as IdKind[]) {
    const count = given[kind];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) return undefined;
    counters[kind] = count;
  }
  return counters as IdCounters;
}

/** Reads a state file's lines back; throws SnapshotDamage naming the first thing wrong. */
export function decodeSnapshot(lines: Iterable<string>): DecodedSnapshot {
  const hash = createHash('sha256');
  const state = {
    admins: [] as AdminRecord[],
    teams: [] as TeamRecord[],
    contacts: [] as ContactRecord[],
    messages: [] as MessageRecord[],
    conversations: [] as ConversationRecord[],
  };
  const files: FileEntry[] = [];
  let counters: IdCounters | undefined;
  let end: { records: unknown; sha256: unknown } | undefined;
  let records = 0;
  let number = 0;
  for (const text of lines) {
    number += 1;
    if (end) throw new SnapshotDamage(`line ${number} follows the last line`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SnapshotDamage(`line ${number} is not JSON`);
    }
    const entry = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
      string,
      unknown
    >;
    if (number === 1) {
      if (entry.format !== FORMAT) throw new SnapshotDamage('it is not an emulator state file');
      if (entry.version !== VERSION) {
        throw new SnapshotDamage(`its format version ${String(entry.version)} is not known`);
      }
      counters = countersOf(entry.counters);
      if (!counters) throw new SnapshotDamage('its id counters are not valid');
      hash.update(`${text}\n`);
      continue;
    }
    if ('end' in entry) {
      end = entry.end as typeof end;
      continue;
    }
    hash.update(`${text}\n`);
    records += 1;
    const kinds = Object.keys(entry);
    const kind = kinds[0] as RecordKind;
    if (kinds.length !== 1 || !Object.hasOwn(SHAPES, kind) || !fits(entry[kind], SHAPES[kind])) {
      throw new SnapshotDamage(`line ${number} is not a record it knows`);
    }
    const record = entry[kind] as never;
    if (kind === 'admin') state.admins.push(record);
    else if (kind === 'team') state.teams.push(record);
    else if (kind === 'contact') state.contacts.push(record);
    else if (kind === 'message') state.messages.push(record);
    else if (kind === 'conversation') state.conversations.push(record);
    else if (FILE_ID.test((record as FileEntry).id)) files.push(record);
    else throw new SnapshotDamage(`line ${number} names a file it would not write`);
  }
  if (!counters) throw new SnapshotDamage('it is empty');
  if (!end) throw new SnapshotDamage('it ends early (no last line)');
  if (end.records !== records || end.sha256 !== hash.digest('hex')) {
    throw new SnapshotDamage('its checksum does not match its contents');
  }
  return { counters, state, files };
}
