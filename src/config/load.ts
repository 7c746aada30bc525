import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv as parseDotEnv } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { parseEnv, type EnvSettings } from './env.js';
import { configFileSchema, type ConfigFile } from './file-schema.js';

export interface AppConfig {
  env: EnvSettings;
  file: ConfigFile;
  /** The config file used, if any. */
  configPath?: string;
  /** Absolute paths resolved against the working directory. */
  briefingsDir: string;
  dbPath: string;
  /** GOVAI_DATABASE_URL, when the store is PostgreSQL. */
  databaseUrl?: string;
}

export const DEFAULT_CONFIG_FILE = 'govai.config.yaml';

/**
 * Reads process.env and the config file (GOVAI_CONFIG or ./govai.config.yaml when present), validates both,
 * and reports every problem at once, each naming the variable or the field path.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): { ok: true; config: AppConfig } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const dotEnv = readDotEnv(cwd);
  if (!dotEnv.ok) problems.push(dotEnv.problem);
  // Variables set in the real environment win over the .env file, as with dotenv and `node --env-file`.
  env = { ...(dotEnv.ok ? dotEnv.values : {}), ...env };
  const parsedEnv = parseEnv(env);
  if (!parsedEnv.ok) problems.push(...parsedEnv.problems);
  const explicit = env.GOVAI_CONFIG?.trim() || undefined;
  const configPath = explicit ? path.resolve(cwd, explicit) : path.resolve(cwd, DEFAULT_CONFIG_FILE);
  let file: ConfigFile = configFileSchema.parse({});
  let used: string | undefined;
  if (existsSync(configPath)) {
    used = configPath;
    const result = parseConfigText(readFileSync(configPath, 'utf8'), configPath);
    if (result.ok) file = result.value;
    else problems.push(...result.problems);
  } else if (explicit) {
    problems.push(`GOVAI_CONFIG: the file ${configPath} does not exist`);
  }
  if (!parsedEnv.ok || problems.length > 0) return { ok: false, problems };
  const e = parsedEnv.value;
  return {
    ok: true,
    config: {
      env: e,
      file,
      ...(used ? { configPath: used } : {}),
      briefingsDir: path.resolve(cwd, e.briefingsDir),
      dbPath: e.dbPath === ':memory:' ? e.dbPath : path.resolve(cwd, e.dbPath),
      ...(e.databaseUrl ? { databaseUrl: e.databaseUrl } : {}),
    },
  };
}

/** Validates config-file text. Problems read like `govai.config.yaml: digests.0.timezone: "Mars/Base" is not ...`. */
export function parseConfigText(
  text: string,
  name = DEFAULT_CONFIG_FILE,
): { ok: true; value: ConfigFile } | { ok: false; problems: string[] } {
  const label = path.basename(name);
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (error) {
    return { ok: false, problems: [`${label}: is not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  const parsed = configFileSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const where = i.path.length > 0 ? i.path.join('.') : '(top level)';
      const message =
        i.code === 'unrecognized_keys'
          ? `unknown ${i.keys.length === 1 ? 'field' : 'fields'} ${i.keys.map((k) => `"${k}"`).join(', ')}`
          : i.message;
      return `${label}: ${where}: ${message}`;
    }),
  };
}

/** The `.env` file in the working directory, if there is one (what `.env.example` tells users to create). */
export function readDotEnv(cwd: string): { ok: true; values: Record<string, string> } | { ok: false; problem: string } {
  const file = path.join(cwd, '.env');
  if (!existsSync(file)) return { ok: true, values: {} };
  try {
    return { ok: true, values: parseDotEnv(readFileSync(file, 'utf8')) as Record<string, string> };
  } catch (error) {
    return {
      ok: false,
      problem: `.env: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  }
}

/** One message naming every problem, for start-up failures. */
export function formatProblems(problems: readonly string[]): string {
  return `govai cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}
