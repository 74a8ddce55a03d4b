/**
 * Credentials, region and output format as the AWS CLI finds them:
 * `--profile`, then `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
 * `AWS_SESSION_TOKEN`, then the profile (`AWS_PROFILE` or `default`) of
 * `~/.aws/credentials` and `~/.aws/config` (`[profile name]` sections). Only
 * static keys: a profile that needs SSO, a role or a process is reported with
 * a way out.
 *
 * @module
 */
import type { Credentials } from "../src/signer.ts";

/** A parsed INI file: sections of key/value pairs. */
export type IniFile = Record<string, Record<string, string>>;

/**
 * Parses an AWS config or credentials file: `[section]`, `key = value`, `#`
 * and `;` comment lines. Indented lines under an empty value (`s3 =` then
 * `  max_concurrent_requests = 20`) are nested settings, skipped.
 */
export function parseIni(text: string): IniFile {
  const sections: IniFile = {};
  let section: Record<string, string> | undefined;
  let nested = false;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const header = /^\[\s*([^\]]*?)\s*\]$/.exec(trimmed);
    if (header) {
      section = sections[header[1]!] ??= {};
      nested = false;
      continue;
    }
    if (nested && /^\s/.test(line)) continue;
    const equals = trimmed.indexOf("=");
    if (section === undefined || equals < 1) continue;
    const value = trimmed.slice(equals + 1).trim();
    section[trimmed.slice(0, equals).trim()] = value;
    nested = value === "";
  }
  return sections;
}

/** Where settings come from. */
export interface SettingsSources {
  /** Environment variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** `--profile`, when given. */
  profile?: string | undefined;
  /** A file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** The home directory, for `~/.aws/…`. */
  homeDir: string | undefined;
}

/** What was found. Credentials and region may be missing; the caller decides whether it needs them. */
export interface AwsSettings {
  credentials?: Credentials;
  /** Where the credentials came from, for messages: `environment` or `profile default`. */
  credentialsSource?: string;
  region?: string;
  /** `output` of the profile or `AWS_DEFAULT_OUTPUT`. */
  output?: string;
  /** The profile whose files were read. */
  profile: string;
}

/** The settings cannot be used (a named profile missing, a profile this CLI cannot use). */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

const nonEmpty = (text: string | undefined) => (text === undefined || text === "" ? undefined : text);

/** Finds credentials, region and output format as the AWS CLI does (static credentials only). */
export async function loadAwsSettings({ env, profile: flagProfile, readFile, homeDir }: SettingsSources): Promise<AwsSettings> {
  const profile = nonEmpty(flagProfile) ?? nonEmpty(env.AWS_PROFILE) ?? "default";
  const named = nonEmpty(flagProfile) ?? nonEmpty(env.AWS_PROFILE);
  const home = (path: string) => (homeDir === undefined ? undefined : `${homeDir}/${path}`);
  const credentialsPath = nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ?? home(".aws/credentials");
  const configPath = nonEmpty(env.AWS_CONFIG_FILE) ?? home(".aws/config");
  const read = async (
    path: string | undefined,
  ) => (path === undefined ? undefined : parseIni((await readFile(path.replace(/^~(?=\/)/, homeDir ?? "~"))) ?? ""));
  const [credentialsFile, configFile] = await Promise.all([read(credentialsPath), read(configPath)]);
  const fromCredentials = credentialsFile?.[profile];
  const fromConfig = configFile?.[profile === "default" ? "default" : `profile ${profile}`] ?? (profile === "default" ? undefined : configFile?.[profile]);
  if (named !== undefined && fromCredentials === undefined && fromConfig === undefined) {
    throw new ConfigurationError(`The config profile (${profile}) could not be found in ${credentialsPath} or ${configPath}`);
  }
  const settings: AwsSettings = { profile };
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? nonEmpty(fromConfig?.region);
  if (region !== undefined) settings.region = region;
  const output = nonEmpty(env.AWS_DEFAULT_OUTPUT) ?? nonEmpty(fromConfig?.output);
  if (output !== undefined) settings.output = output;

  const fromEnv = flagProfile ? undefined : keysOf(env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN);
  if (fromEnv) return { ...settings, credentials: fromEnv, credentialsSource: "environment" };
  for (const [section, file] of [[fromCredentials, credentialsPath], [fromConfig, configPath]] as const) {
    if (section === undefined) continue;
    const keys = keysOf(section.aws_access_key_id, section.aws_secret_access_key, section.aws_session_token);
    if (keys) return { ...settings, credentials: keys, credentialsSource: `profile ${profile} (${file})` };
    if (section.aws_access_key_id || section.aws_secret_access_key) {
      throw new ConfigurationError(`Profile ${profile} in ${file} needs both aws_access_key_id and aws_secret_access_key`);
    }
  }
  const indirect = ["sso_session", "sso_start_url", "role_arn", "credential_process", "web_identity_token_file"].find(
    (key) => fromConfig?.[key] !== undefined || fromCredentials?.[key] !== undefined,
  );
  if (indirect) {
    throw new ConfigurationError(
      `Profile ${profile} gets its credentials through ${indirect}, which this CLI does not follow. ` +
        `Export them first: eval "$(aws configure export-credentials --profile ${profile} --format env)"`,
    );
  }
  return settings;
}

function keysOf(accessKeyId: string | undefined, secretAccessKey: string | undefined, sessionToken: string | undefined): Credentials | undefined {
  if (!nonEmpty(accessKeyId) || !nonEmpty(secretAccessKey)) return undefined;
  const token = nonEmpty(sessionToken);
  return token
    ? { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, sessionToken: token }
    : { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! };
}
