/**
 * Whether a message body holds an HTML tag as Intercom sees one: `<`, an optional `/`, a letter,
 * and later a `>`. One pass over the text, no regex: once the first tag start is found, any `>`
 * after it closes a tag, and when none follows the first start, none follows a later one either.
 * (The pattern `<\/?[a-z][^>]*>` rescans the rest of the text from every `<`: a 64 KiB body of
 * `<a<a<a...` kept the process busy for seconds, and the embedded emulator shares the gateway's.)
 */
export function containsHtmlTag(text: string): boolean {
  let from = 0;
  for (;;) {
    const open = text.indexOf('<', from);
    if (open === -1) return false;
    const letterAt = text.charCodeAt(open + 1) === SLASH ? open + 2 : open + 1;
    if (isAsciiLetter(text.charCodeAt(letterAt))) return text.indexOf('>', letterAt + 1) !== -1;
    from = open + 1;
  }
}

const SLASH = 0x2f;

function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}
