import type { AppContext } from '../app/context.js';

export interface DoctorFinding {
  /** What was checked, e.g. "slack token", "feed https://...". */
  area: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  /** What to do about it, when not ok. */
  fix?: string;
}

/** One diagnostic. Never throws: a failure to check is itself a finding. */
export interface DoctorCheck {
  name: string;
  run(ctx: AppContext): Promise<DoctorFinding[]>;
}
