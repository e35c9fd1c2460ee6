import { registerEnumType } from 'type-graphql';
import { EmailTemplate, MessageType, RecipientType, SenderType } from '../messages/message.model';

registerEnumType(MessageType, {
  name: 'MessageType',
  description: 'How a message reaches the contact.',
  valuesConfig: {
    IN_APP: { description: 'In the Messenger, inside your app or site.' },
    EMAIL: { description: 'By email.' },
  },
});

registerEnumType(EmailTemplate, {
  name: 'EmailTemplate',
  description: 'The style of an email message.',
});

registerEnumType(RecipientType, {
  name: 'RecipientType',
  description: 'Who an admin message goes to.',
});

registerEnumType(SenderType, {
  name: 'SenderType',
  description: 'Who sends a user-initiated message. A visitor becomes a lead once it has sent one.',
});

export { EmailTemplate, MessageType, RecipientType, SenderType };
