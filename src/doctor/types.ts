import type { AppContext } from '../app/context.js';

export interface DoctorFinding {
  /** What was checked, e.g. "slack token", "feed https://...". */
  area: string;
  /** `off`: a platform that is not configured (not a problem; the message says how to enable it). */
  status: 'ok' | 'off' | 'warn' | 'fail';
  message: string;
  /** What to do about it, when not ok. */
  fix?: string;
}

/** One diagnostic. Never throws: a failure to check is itself a finding. */
export interface DoctorCheck {
  name: string;
  run(ctx: AppContext): Promise<DoctorFinding[]>;
}
