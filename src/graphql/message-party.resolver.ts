import { FieldResolver, Resolver, Root } from 'type-graphql';
import type { LedgerParty } from '../ledger/ledger.model';
import { MessageParty, MessagePartyType } from './sent-message.type';

/**
 * The ledger keeps a party's type as the request named it: `admin` and `team` as Intercom spells
 * them, a contact as the schema's enums do (USER, LEAD, VISITOR). Clients get one convention here.
 */
@Resolver(() => MessageParty)
export class MessagePartyResolver {
  @FieldResolver(() => MessagePartyType, {
    description: 'ADMIN, TEAM, USER, LEAD or VISITOR: upper case, as every enum of this schema.',
  })
  partyType(@Root() party: LedgerParty): MessagePartyType {
    return party.type.toUpperCase() as MessagePartyType;
  }
}
