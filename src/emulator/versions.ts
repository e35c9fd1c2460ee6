/**
 * Intercom API versions the emulator speaks. The wire format differs between the 1.x and 2.x
 * families, and a few fields arrive in later 2.x minors. (The emulator keeps its own list: it is
 * a unit of its own, and Intercom, not the gateway, decides which versions exist.)
 */
export const SUPPORTED_VERSIONS = [
  '1.0',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2.0',
  '2.1',
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '2.7',
  '2.8',
  '2.9',
  '2.10',
  '2.11',
  '2.12',
  '2.13',
  '2.14',
  '2.15',
  '2.16',
] as const;
export type IntercomVersionName = (typeof SUPPORTED_VERSIONS)[number];

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
