import 'reflect-metadata';
import { IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { InputError } from '../../src/domain-errors';
import { buildGatewaySchema } from '../../src/graphql/schema';
import { validatorFor } from '../../src/graphql/validate-input';

/**
 * The gateway keeps each class's validation rules after their first lookup. A rule registered
 * later (a class declared after the schema is built, a decorator applied late) must still count.
 */
beforeAll(() => {
  // Building the schema installs the cache, as at start-up.
  buildGatewaySchema();
});

function fieldErrors(value: object): Array<{ field: string; message: string }> {
  try {
    validatorFor('note')(value);
    return [];
  } catch (error) {
    if (error instanceof InputError) return [...error.fieldErrors];
    throw error;
  }
}

class Author {
  @IsOptional()
  @MaxLength(5, { message: 'The name is too long.' })
  name?: string;
}

class Note {
  @MaxLength(3, { message: 'The text is too long.' })
  text!: string;

  @ValidateNested()
  author!: Author;
}

const note = (text: string, name: string) =>
  Object.assign(new Note(), { text, author: Object.assign(new Author(), { name }) });

it('a rule registered after a class was validated applies to it, and to its nested objects', () => {
  expect(fieldErrors(note('abcd', 'Wash'))).toEqual([
    { field: 'note.text', message: 'The text is too long.' },
  ]);
  expect(fieldErrors(note('abc', 'Zoe'))).toEqual([]);

  // Registered after both classes' rules were looked up (and kept).
  Matches(/^[A-Z]/, { message: 'The name starts with a capital.' })(Author.prototype, 'name');
  Matches(/^[a-z]+$/, { message: 'The text is lower-case letters.' })(Note.prototype, 'text');

  expect(fieldErrors(note('ab1', 'zoe'))).toEqual([
    { field: 'note.text', message: 'The text is lower-case letters.' },
    { field: 'note.author.name', message: 'The name starts with a capital.' },
  ]);
  expect(fieldErrors(note('abc', 'Zoe'))).toEqual([]);
});

it('a subclass declared later has its own rules and its parent’s', () => {
  expect(fieldErrors(note('abcd', 'Wash'))).toHaveLength(1);
  class SignedNote extends Note {
    @MaxLength(2, { message: 'The signature is too long.' })
    signature!: string;
  }
  const signed = Object.assign(new SignedNote(), note('abcd', 'Wash'), { signature: 'abc' });
  expect(fieldErrors(signed)).toEqual([
    { field: 'note.signature', message: 'The signature is too long.' },
    { field: 'note.text', message: 'The text is too long.' },
  ]);
});
