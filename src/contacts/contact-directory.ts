import { InputError, NotFoundError } from '../domain-errors';
import type { IntercomRequester } from '../intercom/client';
import { IntercomBadResponseError, IntercomNotFoundError } from '../intercom/errors';
import { isIntercomId } from '../intercom/id-shapes';
import type { ContactReference } from '../messages/message.model';

interface ContactSearchAnswer {
  data?: Array<{ id?: unknown }>;
}

export type ContactRole = 'user' | 'lead';

/** Finds Intercom contact ids for contacts given by email or user id (2.x needs ids). */
export class ContactDirectory {
  constructor(private readonly client: IntercomRequester) {}

  /**
   * The Intercom id of the contact `reference` names. `field` is the input path used in errors.
   * Visitors are not searchable in Intercom, so they must be given by id.
   */
  async idOf(
    reference: ContactReference,
    role: ContactRole | 'visitor',
    field: string,
  ): Promise<string> {
    if (reference.id) return reference.id;
    if (role === 'visitor') {
      throw new InputError([{ field, message: 'A visitor is identified by id.' }]);
    }
    const [searchField, value] = reference.email
      ? (['email', reference.email] as const)
      : (['external_id', reference.userId ?? ''] as const);
    const answer = await this.client.request<ContactSearchAnswer>({
      method: 'POST',
      path: '/contacts/search',
      kind: 'read',
      route: 'POST /contacts/search',
      body: {
        query: {
          operator: 'AND',
          value: [
            { field: searchField, operator: '=', value },
            { field: 'role', operator: '=', value: role },
          ],
        },
        pagination: { per_page: 2 },
      },
    });
    const id = answer.data?.[0]?.id;
    if (id === undefined) {
      const by = reference.email ? 'that email' : 'that userId';
      throw new NotFoundError(`No Intercom ${role} has ${by}.`);
    }
    // The id goes into the send's path or body, and into the ledger: only Intercom's shape.
    if (!isIntercomId(id)) {
      throw new IntercomBadResponseError(
        'Intercom answered with a contact the gateway cannot read.',
        { status: 200 },
      );
    }
    return id;
  }

  /**
   * Throws NotFoundError when Intercom (2.x) has no contact with this id. Contacts given by email
   * or user id are found by `idOf`, which says so itself; visitors are not contacts on 2.x.
   */
  async assertExists(reference: ContactReference, role: ContactRole | 'visitor'): Promise<void> {
    if (!reference.id || role === 'visitor') return;
    try {
      await this.client.request<unknown>({
        method: 'GET',
        path: `/contacts/${encodeURIComponent(reference.id)}`,
        kind: 'read',
        route: 'GET /contacts/:id',
      });
    } catch (error) {
      if (error instanceof IntercomNotFoundError) {
        throw new NotFoundError('Intercom has no contact with that id.');
      }
      throw error;
    }
  }
}
