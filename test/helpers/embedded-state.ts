import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { SEED } from '../../src/emulator';
import { killGatewayProcesses, startGatewayProcess, type GatewayProcess } from './gateway-process';

/**
 * The gateway as a process with its embedded emulator keeping its state in a folder, for the
 * suites that restart, kill and refuse it. Each suite takes a root of its own (`useStateRoot`).
 */
let currentRoot: string | undefined;
let folders = 0;
const root = (): string => {
  if (!currentRoot) throw new Error('useStateRoot() first');
  return currentRoot;
};

/** This suite's root folder. */
export const stateRoot = (): string => root();

/** A temporary root for this suite's folders, removed (and its processes killed) after it. */
export function useStateRoot(): void {
  currentRoot = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  const mine = currentRoot;
  afterAll(() => {
    killGatewayProcesses();
    rmSync(mine, { recursive: true, force: true });
  });
}

/**
 * Fresh folders: the emulator's state and, where the test reads it, the ledger (off otherwise: a
 * PGlite start is most of a gateway's).
 */
export function freshFolders({ ledger }: { ledger: boolean }): {
  emulatorDir: string;
  env: Record<string, string>;
} {
  folders += 1;
  const emulatorDir = join(root(), `emulator-${folders}`);
  return {
    emulatorDir,
    env: {
      LOG_LEVEL: 'warn',
      GATEWAY_AUTH: 'none',
      EMULATOR_PORT: '0',
      EMULATOR_DATA_DIR: emulatorDir,
      ...(ledger ? { LEDGER_DATA_DIR: join(root(), `ledger-${folders}`) } : { LEDGER: 'off' }),
    },
  };
}

/** The gateway with its embedded emulator's URL, from the banner. */
export async function start(env: Record<string, string>) {
  const gateway = await startGatewayProcess(env);
  const [, emulatorUrl] = await gateway.waitFor(/Intercom emulator:\s+(\S+)/);
  return { gateway, emulatorUrl: emulatorUrl as string };
}

const SEND = `mutation Send($input: SendAdminMessageInput!) {
  sendAdminMessage(input: $input) { id }
}`;

export async function send(gateway: GatewayProcess, body: string): Promise<string> {
  const { body: answer } = await gateway.graphql(SEND, {
    input: {
      messageType: 'IN_APP',
      body,
      from: { id: SEED.admins.wash.id },
      to: { type: 'USER', id: SEED.users.ponies.id },
    },
  });
  expect(answer.errors).toBeUndefined();
  return answer.data.sendAdminMessage.id as string;
}

const CONVERSATION = `query Conversation($messageId: ID!) {
  conversationForMessage(messageId: $messageId) { id partsCount }
}`;

export async function conversationFor(gateway: GatewayProcess, messageId: string) {
  const { body } = await gateway.graphql(CONVERSATION, { messageId });
  expect(body.errors).toBeUndefined();
  return body.data.conversationForMessage as { id: string; partsCount: number } | null;
}

/** The Intercom message ids of the ledger's entries. */
export async function recorded(gateway: GatewayProcess): Promise<string[]> {
  const { body } = await gateway.graphql(
    `{ messages(first: 100) { edges { node { intercomMessageId } } } }`,
  );
  return body.data.messages.edges.map(
    (edge: { node: { intercomMessageId: string } }) => edge.node.intercomMessageId,
  );
}

export async function control(
  emulatorUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) {
  const response = await request(`${emulatorUrl}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.statusCode).toBe(200);
  return (await response.body.json()) as any;
}

export async function killHard(gateway: GatewayProcess): Promise<void> {
  gateway.child.kill('SIGKILL');
  await gateway.exited();
}
