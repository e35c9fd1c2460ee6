import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * Secrets read from files (Docker and Kubernetes secrets, systemd credentials) rather than the
 * environment, where `docker inspect`, `/proc/<pid>/environ` and crash reports would show them.
 * Runs before the configuration is read: its answer is the environment with each `X_FILE`
 * replaced by `X`, so every other rule applies to a secret whichever way it came.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** Each may be set as `X` or as `X_FILE` (a path to a file holding the value), never both. */
export const FILE_SECRETS = [
  'INTERCOM_ACCESS_TOKEN',
  'INTERCOM_CLIENT_SECRET',
  'GATEWAY_JWT_SECRET',
  'GATEWAY_API_KEYS',
  'DATABASE_URL',
  'REDIS_URL',
] as const;

/**
 * A password file for a URL that has none: the password is put into the URL percent-encoded, so
 * the same file can feed the server (POSTGRES_PASSWORD_FILE, Redis' requirepass) whatever it holds.
 */
export const PASSWORD_FILES = [
  { variable: 'DATABASE_PASSWORD_FILE', url: 'DATABASE_URL' },
  { variable: 'REDIS_PASSWORD_FILE', url: 'REDIS_URL' },
] as const;

/** A secret is short; a larger file is the wrong file (and is not read into memory). */
const SECRET_FILE_MAX_BYTES = 65_536;
/** How much of a path a problem line repeats. */
const PATH_SHOWN_MAX = 200;

export interface SecretFilesOutcome {
  /** The environment with each secret file's contents in place of its `X_FILE`. */
  readonly env: Env;
  /** One line per variable that could not be used; never a file's contents. */
  readonly problems: readonly string[];
}

const isSet = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== '';

const shown = (path: string) =>
  path.length > PATH_SHOWN_MAX ? `${path.slice(0, PATH_SHOWN_MAX)}...` : path;

const REASONS: Record<string, string> = {
  ENOENT: 'there is no such file',
  EACCES: 'this user may not read it',
  EPERM: 'this user may not read it',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'it is a loop of symbolic links',
};

class SecretFileError extends Error {}

/** The file's text without its trailing line ends; throws SecretFileError saying why not. */
function readSecretFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new SecretFileError(REASONS[code] ?? code);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new SecretFileError(REASONS.EISDIR);
    // Length before content: a device or a huge file is refused before anything is read.
    if (!stat.isFile()) throw new SecretFileError('it is not a regular file');
    if (stat.size > SECRET_FILE_MAX_BYTES) {
      throw new SecretFileError(`it is larger than ${SECRET_FILE_MAX_BYTES} bytes`);
    }
    const text = readFileSync(fd, 'utf8').replace(/[\r\n]+$/, '');
    if (text.trim() === '') throw new SecretFileError('it is empty');
    return text;
  } catch (error) {
    if (error instanceof SecretFileError) throw error;
    throw new SecretFileError((error as NodeJS.ErrnoException).code ?? 'it could not be read');
  } finally {
    closeSync(fd);
  }
}

/** Reads every `X_FILE` and password file the environment names. */
export function readSecretFiles(env: Env): SecretFilesOutcome {
  const resolved: Record<string, string | undefined> = { ...env };
  const problems: string[] = [];
  const read = (variable: string, path: string): string | undefined => {
    try {
      return readSecretFile(path);
    } catch (error) {
      problems.push(`${variable}=${shown(path)} cannot be used: ${(error as Error).message}.`);
      return undefined;
    }
  };

  for (const name of FILE_SECRETS) {
    const fileVariable = `${name}_FILE`;
    const path = env[fileVariable];
    delete resolved[fileVariable];
    if (!isSet(path)) continue;
    if (isSet(env[name])) {
      problems.push(`${name} and ${fileVariable} are both set: set one of them.`);
      continue;
    }
    resolved[name] = read(fileVariable, path.trim());
  }

  for (const { variable, url } of PASSWORD_FILES) {
    const path = env[variable];
    delete resolved[variable];
    if (!isSet(path)) continue;
    const target = resolved[url];
    if (!isSet(target)) {
      problems.push(`${variable} needs ${url}: the URL (without a password) it completes.`);
      continue;
    }
    let parsed: URL;
    try {
      parsed = new URL(target.trim());
    } catch {
      // The URL's own rule reports it, once.
      continue;
    }
    if (parsed.password !== '') {
      problems.push(`${url} already holds a password: remove it, or unset ${variable}.`);
      continue;
    }
    const password = read(variable, path.trim());
    if (password === undefined) continue;
    // Percent-encoded here, so that no character of the password can change the URL's meaning.
    parsed.password = encodeURIComponent(password);
    resolved[url] = parsed.href;
  }
  return { env: resolved, problems };
}
