// A promise a test opens by hand: a fake holds its answer on it (tests/fakes/json-server.ts `until`) until the test
// has seen what happens meanwhile, instead of answering after a delay long enough to be sure on a loaded machine.

export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
