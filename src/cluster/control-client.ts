/** The CLI's side of the daemon's control channel (see control-server.ts): requests with the address file's token. */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { DaemonAddress } from './control-server.js';
import type { KubesimHome } from './home.js';

/** The running daemon's address, or undefined when the file is missing or unreadable. */
export function readDaemonAddress(home: KubesimHome): DaemonAddress | undefined {
  try {
    const a = JSON.parse(readFileSync(home.addressPath, 'utf8')) as DaemonAddress;
    return typeof a.url === 'string' && typeof a.token === 'string' ? a : undefined;
  } catch {
    return undefined;
  }
}

/** The daemon answered with an error: `message` is what it says. */
export class ControlRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ControlRequestError';
  }
}

/** Sends one request; resolves with the JSON answer or rejects (ControlRequestError for the daemon's refusals). */
export function controlRequest<T = unknown>(address: DaemonAddress, method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      `${address.url}${path}`,
      {
        method,
        headers: { authorization: `Bearer ${address.token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
          } catch {
            return reject(new Error(`the daemon at ${address.url} sent an answer that is not JSON`));
          }
          if ((res.statusCode ?? 500) >= 400) return reject(new ControlRequestError((parsed as { message?: string }).message ?? `status ${res.statusCode}`, res.statusCode ?? 500));
          resolve(parsed as T);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`the daemon at ${address.url} did not answer in time`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
