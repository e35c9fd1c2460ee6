/**
 * Whether an Accept header allows a JSON answer. Intercom answers 406 when it does not, and
 * when the header is missing. `*\/*` and `application/*` allow JSON (the official SDK sends `*\/*`).
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const refused = parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
    return !refused && (type === 'application/json' || type === 'application/*' || type === '*/*');
  });
}
