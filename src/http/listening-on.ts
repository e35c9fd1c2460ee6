/**
 * A port that cannot be taken, said in terms of the variable that sets it (Node's own message
 * names only an address).
 */
export async function listeningOn<T>(
  [variable, hostVariable]: readonly [string, string],
  host: string,
  port: number,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `${variable}=${port}: ${host}:${port} is already in use. Stop what holds it, or set ${variable} to another port (0 picks a free one).`,
      );
    }
    if (code === 'EACCES') {
      throw new Error(
        `${variable}=${port}: this user may not listen on ${host}:${port}. Set ${variable} to a port above 1023.`,
      );
    }
    if (code === 'EADDRNOTAVAIL') {
      throw new Error(`${hostVariable}=${host}: not an address of this machine.`);
    }
    throw error;
  }
}
