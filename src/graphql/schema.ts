import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchemaSync } from 'type-graphql';
import {
  AdminMessageConversationResolver,
  ConversationResolver,
  UserMessageConversationResolver,
} from './conversation.resolver';
import { ConversationActionResolver } from './conversation-action.resolver';
import { ConversationPartsResolver } from './conversation-parts.resolver';
import { ConversationReplyResolver } from './conversation-reply.resolver';
import { ConversationSubscriptionResolver } from './conversation-subscription.resolver';
import { LedgerResolver } from './ledger.resolver';
import { MessagePartyResolver } from './message-party.resolver';
import { GatewayInfoResolver, MessageResolver } from './message.resolver';
import { MessageBatchResolver } from './message-batch.resolver';
import './enums';
import { cacheArgumentConversion } from './argument-conversion-cache';
import { cacheValidationRules } from './validation-rules-cache';

/** The gateway's GraphQL schema, built once from the TypeGraphQL classes. */
export function buildGatewaySchema(): GraphQLSchema {
  cacheValidationRules();
  cacheArgumentConversion();
  return buildSchemaSync({
    resolvers: [
      MessageResolver,
      GatewayInfoResolver,
      ConversationResolver,
      AdminMessageConversationResolver,
      UserMessageConversationResolver,
      ConversationSubscriptionResolver,
      ConversationPartsResolver,
      ConversationReplyResolver,
      ConversationActionResolver,
      LedgerResolver,
      MessagePartyResolver,
      MessageBatchResolver,
    ],
    // Inputs are validated by `ValidatedArg`, which addresses errors by field and echoes nothing.
    validate: false,
    // Every subscription brings its own stream (`subscribe`); TypeGraphQL still asks for a PubSub.
    pubSub: createPubSub(),
  });
}

/** SDL in a stable order, as committed in schema.graphql. */
export function printGatewaySchema(schema: GraphQLSchema = buildGatewaySchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
