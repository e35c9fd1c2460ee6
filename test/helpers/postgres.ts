import { Client } from 'pg';

/** The PostgreSQL server the db suites use (a schema of their own in it). */
export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one statement on its own connection and answers its rows. */
export async function sql(text: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
