import { briefingsCheck } from './briefings-check.js';
import { consoleCheck } from './console-check.js';
import { deliveriesCheck } from './deliveries-check.js';
import { discordCheck } from './discord-check.js';
import { slackCheck } from './slack-check.js';
import { teamsCheck } from './teams-check.js';
import { feedsCheck } from './feeds-check.js';
import { llmCheck } from './llm-check.js';
import type { DoctorCheck } from './types.js';

// Every diagnostic `govai doctor` runs, in order. Platform and feature checks add themselves here.
export const DOCTOR_CHECKS: DoctorCheck[] = [
  briefingsCheck,
  deliveriesCheck,
  feedsCheck(),
  consoleCheck,
  slackCheck,
  discordCheck,
  teamsCheck,
  llmCheck,
];
