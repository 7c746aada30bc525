// A promise a test opens by hand: a fake holds its answer on it (tests/fakes/json-server.ts `until`) until the test
// has seen what happens meanwhile, instead of answering after a delay long enough to be sure on a loaded machine.

export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * A few turns of the event loop, each through its I/O phase: an answer already written on 127.0.0.1 (a fake's late
 * reply) has reached the client in this process, and what it set off has run, by the end.
 */
export async function ioTurns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
