import { createServer } from 'node:net';

/** A 127.0.0.1 port nothing listens on (bound, then closed): for "unreachable API" tests and for a bot's PORT. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
