/** An error the emulator answers with, in Intercom's `error.list` shape. */
export class EmulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'EmulatorHttpError';
  }
}

export interface IntercomErrorBody {
  type: 'error.list';
  request_id: string;
  errors: Array<{ code: string; message: string }>;
}

export function errorBody(requestId: string, code: string, message: string): IntercomErrorBody {
  return { type: 'error.list', request_id: requestId, errors: [{ code, message }] };
}

export const badParameter = (message: string): EmulatorHttpError =>
  new EmulatorHttpError(400, 'parameter_invalid', message);

export const missingParameter = (message: string): EmulatorHttpError =>
  new EmulatorHttpError(422, 'parameter_not_found', message);

export const notFound = (message: string): EmulatorHttpError =>
  new EmulatorHttpError(404, 'not_found', message);

/** Intercom's answer for an admin id it does not know (its OpenAPI description's example). */
export const adminNotFound = (): EmulatorHttpError =>
  new EmulatorHttpError(404, 'admin_not_found', 'Admin not found');
