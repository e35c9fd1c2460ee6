import type { RecipientInput, RecipientType } from '../../../generated/graphql/graphql';

/**
 * Recipients pasted one a line, in the forms people have at hand:
 *
 *   julia@truth.org            an email
 *   user:26                    your own id for the contact (Intercom's external_id)
 *   5310d8e8598c9a0b24000005   the contact's Intercom id
 *
 * Blank lines and spaces around a line are ignored. The gateway checks each recipient; this
 * only decides which identifier a line is, so that no line is silently dropped or changed.
 */
export interface PastedRecipients {
  readonly recipients: RecipientInput[];
  /** The line (from 1) each recipient came from, to put the gateway's sentences beside it. */
  readonly lines: number[];
}

const USER_ID_PREFIX = 'user:';

export function parseRecipients(text: string, type: RecipientType): PastedRecipients {
  const recipients: RecipientInput[] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    lines.push(index + 1);
    if (line.toLowerCase().startsWith(USER_ID_PREFIX)) {
      recipients.push({ type, userId: line.slice(USER_ID_PREFIX.length).trim() });
    } else if (line.includes('@')) {
      recipients.push({ type, email: line });
    } else {
      recipients.push({ type, id: line });
    }
  });
  return { recipients, lines };
}

/**
 * The gateway's sentences about recipients (`input.recipients.3.email`, `input.recipients`),
 * as one text that names the pasted lines they are about.
 */
export function recipientErrors(
  fieldErrors: Readonly<Record<string, string>>,
  lines: readonly number[],
): string | undefined {
  const sentences: string[] = [];
  for (const [field, message] of Object.entries(fieldErrors)) {
    if (field === 'input.recipients') {
      sentences.push(message);
      continue;
    }
    const position = /^input\.recipients\.(\d+)(?:\.|$)/.exec(field)?.[1];
    if (position === undefined) continue;
    const line = lines[Number(position)];
    sentences.push(line === undefined ? message : `Line ${line}: ${message}`);
  }
  return sentences.length > 0 ? sentences.join('\n') : undefined;
}
