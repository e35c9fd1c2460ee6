export { startEmulator, type EmulatorOptions, type RunningEmulator } from './server';
export { EmulatorControl, type ContactSeed } from './control';
export type { FaultSpec, FaultAction } from './faults';
export type { RecordedRequest } from './request-log';
export { keepsNothing } from './persistence/state-folder';
export { SEED } from './seed';
export { SUPPORTED_VERSIONS, type IntercomVersionName } from './versions';
