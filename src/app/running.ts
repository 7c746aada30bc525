import type { Publisher } from './publisher.js';

// Port-level types the composition root (src/main.ts) uses to start and stop what is configured. They live
// here, below the adapters, so an adapter or the scheduler can implement them without importing main.ts.

/** A running platform adapter or background service; `stop` closes its connections. */
export interface RunningAdapter {
  name: string;
  /**
   * A background service (feeds, hot reload, scheduler), not a chat platform: `GOVAI_CONSOLE=auto` still opens the
   * console.
   */
  background?: boolean;
  /** How scheduled digests reach this platform (`slack:`/`discord:` destinations). */
  publisher?: Publisher;
  stop(): Promise<void>;
}
