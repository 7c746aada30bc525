import type { TeamsSettings } from '../../config/env.js';
import type { ConfigFile } from '../../config/file-schema.js';

// The four Microsoft clouds a Teams bot can live in. GCC runs on the commercial Entra and Bot Framework
// endpoints with its own Teams service URL; GCC High and DoD use the US Government endpoints (.us).
// Every value can be overridden in govai.config.yaml under `teams.endpoints` (tests point them at 127.0.0.1).

export type TeamsCloud = ConfigFile['teams']['cloud'];

export interface CloudEndpoints {
  /** Entra login authority without the tenant; the token endpoint is `{loginUrl}/{tenant}/oauth2/v2.0/token`. */
  loginUrl: string;
  /** The scope of the bot's outbound (client credentials) token. */
  tokenScope: string;
  /** Bot Framework OpenID metadata: its `jwks_uri` lists the keys that sign incoming requests. */
  openIdMetadataUrl: string;
  /** The `iss` claim of tokens on incoming requests. */
  issuer: string;
  /** Where Teams' Bot Connector lives in this cloud: the bot sends only to these hosts. */
  serviceUrls: string[];
  /** Microsoft Graph of this cloud: where the bot reads its resource-specific consent grants (consent.ts). */
  graphUrl: string;
}

const PUBLIC_BOT_FRAMEWORK = {
  tokenScope: 'https://api.botframework.com/.default',
  openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  issuer: 'https://api.botframework.com',
};
const GOV_BOT_FRAMEWORK = {
  tokenScope: 'https://api.botframework.us/.default',
  openIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
  issuer: 'https://api.botframework.us',
};

export const CLOUDS: Record<TeamsCloud, CloudEndpoints> = {
  public: {
    loginUrl: 'https://login.microsoftonline.com',
    ...PUBLIC_BOT_FRAMEWORK,
    serviceUrls: ['https://smba.trafficmanager.net/'],
    graphUrl: 'https://graph.microsoft.com',
  },
  gcc: {
    loginUrl: 'https://login.microsoftonline.com',
    ...PUBLIC_BOT_FRAMEWORK,
    serviceUrls: ['https://smba.infra.gcc.teams.microsoft.com/'],
    graphUrl: 'https://graph.microsoft.com',
  },
  gcch: {
    loginUrl: 'https://login.microsoftonline.us',
    ...GOV_BOT_FRAMEWORK,
    serviceUrls: ['https://smba.infra.gov.teams.microsoft.us/'],
    graphUrl: 'https://graph.microsoft.us',
  },
  dod: {
    loginUrl: 'https://login.microsoftonline.us',
    ...GOV_BOT_FRAMEWORK,
    serviceUrls: ['https://smba.infra.dod.teams.microsoft.us/'],
    graphUrl: 'https://dod-graph.microsoft.us',
  },
};

/** Everything the Teams adapter needs: the secrets from the environment plus the cloud's endpoints. */
export interface TeamsRuntime extends TeamsSettings {
  cloud: TeamsCloud;
  endpoints: CloudEndpoints;
  /** Resource-specific consent requested: channel and group-chat messages arrive without a mention. */
  readChannelMessages: boolean;
}

export function resolveEndpoints(teams: ConfigFile['teams']): CloudEndpoints {
  const base = CLOUDS[teams.cloud];
  const o = teams.endpoints;
  return {
    loginUrl: (o.loginUrl ?? base.loginUrl).replace(/\/+$/, ''),
    tokenScope: o.tokenScope ?? base.tokenScope,
    openIdMetadataUrl: o.openIdMetadataUrl ?? base.openIdMetadataUrl,
    issuer: o.issuer ?? base.issuer,
    serviceUrls: o.serviceUrls ?? base.serviceUrls,
    graphUrl: (o.graphUrl ?? base.graphUrl).replace(/\/+$/, ''),
  };
}

/** The runtime from the environment's secrets and Teams' slice of the config (`teams:`). */
export function teamsRuntime(settings: TeamsSettings, teams: ConfigFile['teams']): TeamsRuntime {
  return {
    ...settings,
    cloud: teams.cloud,
    endpoints: resolveEndpoints(teams),
    readChannelMessages: teams.readChannelMessages,
  };
}

export const tokenUrl = (endpoints: CloudEndpoints, tenantId: string) =>
  `${endpoints.loginUrl}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
