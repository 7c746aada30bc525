import type { IncomingMessage, ServerResponse } from 'node:http';

// Small HTTP helpers the fake Slack Web API uses (kept apart so the fake itself stays readable).

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { raw: text };
  }
}

export function parseParams(raw: string, contentType: string, query: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = Object.fromEntries(query);
  if (contentType.includes('application/json')) return { ...params, ...parseJson(raw) };
  for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
  return params;
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'application/json',
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
}
