// Kept apart from extract.ts, which loads linkedom and Readability (about 0.4 s of CPU at start-up): the bot and
// the CLI decode fetched bodies on the main thread but extract only inside the heavy worker (isolate.ts).

/** Decodes an HTTP body using the charset from Content-Type or the page's meta tag; UTF-8 otherwise. */
export function decodeBody(body: Buffer, contentType: string | null): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  const head = body.subarray(0, 2048).toString('latin1');
  const fromMeta =
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ?? /<\?xml[^>]+encoding=["']([\w-]+)/i.exec(head)?.[1];
  for (const label of [fromHeader, fromMeta, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      // unknown label: try the next one
    }
  }
  return body.toString('utf8');
}
