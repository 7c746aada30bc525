import { systemTime } from '../time/system-time.js';
import type { LlmSettings } from '../config/env.js';
import type { ConfigFile } from '../config/file-schema.js';
import { anthropicProvider, type MessagesClient } from './anthropic.js';
import { type GuardDeps, type GuardedModel, guardModel, memoryUsage } from './guard.js';
import { openAiCompatibleProvider } from './openai-compatible.js';
import type { RawProvider } from './provider.js';

// Builds the configured provider. The SDKs are imported on the first call, never at start-up: with no
// GOVAI_LLM_PROVIDER this module is not even loaded (src/app/model.ts imports it lazily).

export function rawProvider(settings: LlmSettings, file: ConfigFile['llm']): RawProvider {
  switch (settings.provider) {
    case 'anthropic': {
      let client: Promise<MessagesClient> | undefined;
      return anthropicProvider({
        name: 'anthropic',
        host: new URL(settings.baseUrl ?? 'https://api.anthropic.com').host,
        model: settings.model,
        maxTokens: file.maxOutputTokens,
        client: () =>
          (client ??= import('@anthropic-ai/sdk').then(
            ({ default: Anthropic }) =>
              new Anthropic({
                apiKey: settings.apiKey ?? null,
                ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
                maxRetries: 0,
              }) as unknown as MessagesClient,
          )),
      });
    }
    case 'bedrock': {
      let client: Promise<MessagesClient> | undefined;
      const region = settings.region ?? 'us-east-1';
      return anthropicProvider({
        name: 'bedrock',
        host: new URL(settings.baseUrl ?? `https://bedrock-runtime.${region}.amazonaws.com`).host,
        model: settings.model,
        maxTokens: file.maxOutputTokens,
        client: () =>
          (client ??= import('@anthropic-ai/bedrock-sdk').then(({ AnthropicBedrock }) => {
            const base = {
              awsRegion: region,
              ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
              maxRetries: 0,
            };
            // Static keys from the environment when given; otherwise the AWS credential chain (profile, SSO, instance
            // role).
            const c = settings.aws
              ? new AnthropicBedrock({
                  ...base,
                  awsAccessKey: settings.aws.accessKeyId,
                  awsSecretKey: settings.aws.secretAccessKey,
                  awsSessionToken: settings.aws.sessionToken ?? null,
                })
              : new AnthropicBedrock(base);
            return c as unknown as MessagesClient;
          })),
      });
    }
    case 'openai-compatible':
      return openAiCompatibleProvider({
        baseUrl: settings.baseUrl!,
        model: settings.model,
        ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
        maxTokens: file.maxOutputTokens,
      });
  }
}

export function createModel(
  settings: LlmSettings,
  file: ConfigFile['llm'],
  deps: Partial<GuardDeps> = {},
): GuardedModel {
  return guardModel(
    rawProvider(settings, file),
    {
      timeoutMs: file.timeoutMs,
      maxConcurrent: file.maxConcurrent,
      dailyTokenBudget: file.dailyTokenBudget,
      maxRetries: file.maxRetries,
      maxRetryWaitMs: file.maxRetryWaitMs,
      breakerFailures: file.breaker.failures,
      breakerCooldownMs: file.breaker.cooldownSeconds * 1000,
    },
    {
      // The real time unless the caller passes its own (the bot passes the context's, tests a manual one).
      now: deps.now ?? systemTime.now,
      sleep: deps.sleep ?? systemTime.sleep,
      usage: deps.usage ?? memoryUsage(),
      ...(deps.onRetry ? { onRetry: deps.onRetry } : {}),
      ...(deps.onBreakerOpen ? { onBreakerOpen: deps.onBreakerOpen } : {}),
      ...(deps.onBreakerChange ? { onBreakerChange: deps.onBreakerChange } : {}),
    },
  );
}
