/** Every Intercom API version the gateway and the emulator speak (1.x and 2.x wire formats). */
export const INTERCOM_VERSIONS = [
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

export type IntercomVersion = (typeof INTERCOM_VERSIONS)[number];
