// Reading a request body with a size limit, shared by every HTTP route (Slack, Teams, the events hook).
import type { IncomingMessage } from 'node:http';

/**
 * The body as text, or null when it is larger than `maxBytes`. Past the limit the rest is read and
 * dropped, so the client hears 413 rather than a cut connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) chunks.push(c);
    });
    req.on('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
