import { type FakeRequest, type FakeResponse, startFakeAnthropic } from './fake-anthropic.js';

// A fake Bedrock runtime on 127.0.0.1: `POST /model/{modelId}/invoke` (InvokeModel) with the Anthropic Messages
// body (anthropic_version, no `model`), answered like the real endpoint. Like AWS, it refuses a request without a
// SigV4 `Authorization` header (403), so a client that forgot to sign fails here as it would in GovCloud.

export interface BedrockRequest extends FakeRequest {
  /** Decoded from the path. */
  modelId: string;
  /** From the SigV4 credential scope: AKID/date/REGION/bedrock/aws4_request. */
  region: string;
  accessKeyId: string;
}

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([a-z0-9-]+)\/bedrock\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/;

export async function startFakeBedrock(respond: (req: BedrockRequest) => FakeResponse) {
  const invocations: BedrockRequest[] = [];
  const fake = await startFakeAnthropic((req) => {
    const path = /^\/model\/([^/?]+)\/invoke(?:\?.*)?$/.exec(req.path);
    if (!path) return { status: 404, json: { message: `fake Bedrock: no route for ${req.path}` } };
    const auth = SIGV4.exec(String(req.headers.authorization ?? ''));
    if (!auth) return { status: 403, json: { message: 'Missing Authentication Token' } };
    const r: BedrockRequest = {
      ...req,
      modelId: decodeURIComponent(path[1]!),
      accessKeyId: auth[1]!,
      region: auth[2]!,
    };
    invocations.push(r);
    return respond(r);
  });
  return { ...fake, invocations };
}
