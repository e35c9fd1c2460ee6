import { INTERCOM_VERSIONS, type IntercomVersion } from '../intercom/versions';

/**
 * Intercom API versions the emulator speaks. The wire format differs between the 1.x and 2.x
 * families, and a few fields arrive in later 2.x minors.
 */
export const SUPPORTED_VERSIONS = INTERCOM_VERSIONS;
export type IntercomVersionName = IntercomVersion;

export interface ApiVersion {
  readonly name: IntercomVersionName;
  readonly major: 1 | 2;
  readonly minor: number;
}

const byName = new Map<string, ApiVersion>(
  SUPPORTED_VERSIONS.map((name) => {
    const [major, minor] = name.split('.').map(Number) as [1 | 2, number];
    return [name, { name, major, minor }];
  }),
);

/** Returns the version for a header value, or undefined when Intercom would refuse it. */
export function parseApiVersion(value: string): ApiVersion | undefined {
  return byName.get(value.trim());
}

/** True when `version` is `minimum` or later within the same family. */
export function isAtLeast(version: ApiVersion, major: 1 | 2, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}
