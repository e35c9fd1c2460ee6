/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment ConversationFields on Conversation {\n  id\n  createdAt\n  updatedAt\n  state\n  open\n  read\n  partsCount\n  source {\n    id\n    type\n    deliveredAs\n    subject\n    body\n    author {\n      type\n      id\n      name\n      email\n    }\n  }\n  contacts {\n    id\n    type\n    externalId\n  }\n}\n\nquery ConversationForMessage($messageId: ID!, $contact: ContactInput!) {\n  conversationForMessage(messageId: $messageId, contact: $contact) {\n    ...ConversationFields\n  }\n}\n\nmutation SendAdminMessageWithConversation($input: SendAdminMessageInput!) {\n  sendAdminMessage(input: $input) {\n    id\n    conversation {\n      ...ConversationFields\n    }\n  }\n}\n\nmutation SendUserMessageWithConversation($input: SendUserMessageInput!) {\n  sendUserMessage(input: $input) {\n    id\n    conversationId\n    conversation {\n      ...ConversationFields\n    }\n  }\n}": typeof types.ConversationFieldsFragmentDoc,
    "mutation SendAdminMessage($input: SendAdminMessageInput!) {\n  sendAdminMessage(input: $input) {\n    id\n    createdAt\n    body\n    messageType\n    subject\n    template\n    conversationId\n    owner {\n      id\n      name\n      email\n    }\n  }\n}\n\nmutation SendUserMessage($input: SendUserMessageInput!) {\n  sendUserMessage(input: $input) {\n    id\n    createdAt\n    body\n    messageType\n    conversationId\n  }\n}\n\nquery IntercomApiVersion {\n  intercomApiVersion\n}": typeof types.SendAdminMessageDocument,
    "subscription ConversationStarted($messageId: ID!, $contact: ContactInput!) {\n  conversationStarted(messageId: $messageId, contact: $contact) {\n    ...ConversationFields\n  }\n}\n\nsubscription ConversationUpdated($conversationId: ID!) {\n  conversationUpdated(conversationId: $conversationId) {\n    ...ConversationFields\n  }\n}": typeof types.ConversationStartedDocument,
};
const documents: Documents = {
    "fragment ConversationFields on Conversation {\n  id\n  createdAt\n  updatedAt\n  state\n  open\n  read\n  partsCount\n  source {\n    id\n    type\n    deliveredAs\n    subject\n    body\n    author {\n      type\n      id\n      name\n      email\n    }\n  }\n  contacts {\n    id\n    type\n    externalId\n  }\n}\n\nquery ConversationForMessage($messageId: ID!, $contact: ContactInput!) {\n  conversationForMessage(messageId: $messageId, contact: $contact) {\n    ...ConversationFields\n  }\n}\n\nmutation SendAdminMessageWithConversation($input: SendAdminMessageInput!) {\n  sendAdminMessage(input: $input) {\n    id\n    conversation {\n      ...ConversationFields\n    }\n  }\n}\n\nmutation SendUserMessageWithConversation($input: SendUserMessageInput!) {\n  sendUserMessage(input: $input) {\n    id\n    conversationId\n    conversation {\n      ...ConversationFields\n    }\n  }\n}": types.ConversationFieldsFragmentDoc,
    "mutation SendAdminMessage($input: SendAdminMessageInput!) {\n  sendAdminMessage(input: $input) {\n    id\n    createdAt\n    body\n    messageType\n    subject\n    template\n    conversationId\n    owner {\n      id\n      name\n      email\n    }\n  }\n}\n\nmutation SendUserMessage($input: SendUserMessageInput!) {\n  sendUserMessage(input: $input) {\n    id\n    createdAt\n    body\n    messageType\n    conversationId\n  }\n}\n\nquery IntercomApiVersion {\n  intercomApiVersion\n}": types.SendAdminMessageDocument,
    "subscription ConversationStarted($messageId: ID!, $contact: ContactInput!) {\n  conversationStarted(messageId: $messageId, contact: $contact) {\n    ...ConversationFields\n  }\n}\n\nsubscription ConversationUpdated($conversationId: ID!) {\n  conversationUpdated(conversationId: $conversationId) {\n    ...ConversationFields\n  }\n}": types.ConversationStartedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ConversationFields on Conversation {\n  id\n  createdAt\n  updatedAt\n  state\n  open\n  read\n  partsCount\n  source {\n    id\n    type\n    deliveredAs\n    subject\n    body\n    author {\n      type\n      id\n      name\n      email\n    }\n  }\n  contacts {\n    id\n    type\n    externalId\n  }\n}\n\nquery ConversationForMessage($messageId: ID!, $contact: ContactInput!) {\n  conversationForMessage(messageId: $messageId, contact: $contact) {\n    ...ConversationFields\n  }\n}\n\nmutation SendAdminMessageWithConversation($input: SendAdminMessageInput!) {\n  sendAdminMessage(input: $input) {\n    id\n    conversation {\n      ...ConversationFields\n    }\n  }\n}\n\nmutation SendUserMessageWithConversation($input: SendUserMessageInput!) {\n  sendUserMessage(input: $input) {\n    id\n    conversationId\n    conversation {\n      ...ConversationFields\n    }\n  }\n}"): (typeof documents)["fragment ConversationFields on Conversation {\n  id\n  createdAt\n  updatedAt\n  state\n  open\n  read\n  partsCount\n  source {\n    id\n    type\n    deliveredAs\n    subject\n    body\n    author {\n      type\n      id\n      name\n      email\n    }\n  }\n  contacts {\n    id\n    type\n    externalId\n  }\n}\n\nquery ConversationForMessage($messageId: ID!, $contact: ContactInput!) {\n  conversationForMessage(messageId: $messageId, contact: $contact) {\n    ...ConversationFields\n  }\n}\n\nmutation SendAdminMessageWithConversation($input: SendAdminMessageInput!) {\n  sendAdminMessage(input: $input) {\n    id\n    conversation {\n      ...ConversationFields\n    }\n  }\n}\n\nmutation SendUserMessageWithConversation($input: SendUserMessageInput!) {\n  sendUserMessage(input: $input) {\n    id\n    conversationId\n    conversation {\n      ...ConversationFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendAdminMessage($input: SendAdminMessageInput!) {\n  sendAdminMessage(input: $input) {\n    id\n    createdAt\n    body\n    messageType\n    subject\n    template\n    conversationId\n    owner {\n      id\n      name\n      email\n    }\n  }\n}\n\nmutation SendUserMessage($input: SendUserMessageInput!) {\n  sendUserMessage(input: $input) {\n    id\n    createdAt\n    body\n    messageType\n    conversationId\n  }\n}\n\nquery IntercomApiVersion {\n  intercomApiVersion\n}"): (typeof documents)["mutation SendAdminMessage($input: SendAdminMessageInput!) {\n  sendAdminMessage(input: $input) {\n    id\n    createdAt\n    body\n    messageType\n    subject\n    template\n    conversationId\n    owner {\n      id\n      name\n      email\n    }\n  }\n}\n\nmutation SendUserMessage($input: SendUserMessageInput!) {\n  sendUserMessage(input: $input) {\n    id\n    createdAt\n    body\n    messageType\n    conversationId\n  }\n}\n\nquery IntercomApiVersion {\n  intercomApiVersion\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ConversationStarted($messageId: ID!, $contact: ContactInput!) {\n  conversationStarted(messageId: $messageId, contact: $contact) {\n    ...ConversationFields\n  }\n}\n\nsubscription ConversationUpdated($conversationId: ID!) {\n  conversationUpdated(conversationId: $conversationId) {\n    ...ConversationFields\n  }\n}"): (typeof documents)["subscription ConversationStarted($messageId: ID!, $contact: ContactInput!) {\n  conversationStarted(messageId: $messageId, contact: $contact) {\n    ...ConversationFields\n  }\n}\n\nsubscription ConversationUpdated($conversationId: ID!) {\n  conversationUpdated(conversationId: $conversationId) {\n    ...ConversationFields\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;