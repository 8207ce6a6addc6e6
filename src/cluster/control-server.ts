/**
 * The daemon's control channel: a small HTTP server on 127.0.0.1 (a port the system picks) through which the CLI
 * asks the running daemon what only it can do (add, remove, stop and start nodes; report its status). The URL and a
 * random token are written to KUBESIM_HOME/daemon.address (mode 0600); requests without the token are refused, so
 * only the cluster's owner can use it.
 *
 *   GET    /status               → DaemonStatus
 *   POST   /nodes                → add a node (AddNodeRequest), 201 with its configuration
 *   DELETE /nodes/NAME           → remove a node
 *   POST   /nodes/NAME/stop      → simulate a node failure
 *   POST   /nodes/NAME/start     → bring it back
 * Errors answer `{"message": "..."}` with 400 / 404 / 409 / 500.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { rmSync } from 'node:fs';
import type { AddNodeRequest, Daemon } from './daemon.js';
import { DaemonRequestError } from './node-changes.js';
import type { KubesimHome } from './home.js';
import { writeAtomic } from './node-folders.js';

export interface DaemonAddress {
  url: string;
  token: string;
  pid: number;
}

export interface ControlServer {
  address: DaemonAddress;
  close(): Promise<void>;
}

type Handler = (daemon: Daemon, body: unknown, params: string[]) => Promise<{ status: number; body: unknown }>;

const routes: Array<{ method: string; path: RegExp; handler: Handler }> = [
  { method: 'GET', path: /^\/status$/, handler: async (d) => ({ status: 200, body: d.status() }) },
  { method: 'POST', path: /^\/nodes$/, handler: async (d, body) => ({ status: 201, body: await d.addNode(body as AddNodeRequest) }) },
  { method: 'DELETE', path: /^\/nodes\/([^/]+)$/, handler: async (d, _b, [name]) => (await d.removeNode(name!), { status: 200, body: {} }) },
  { method: 'POST', path: /^\/nodes\/([^/]+)\/stop$/, handler: async (d, _b, [name]) => (await d.stopNode(name!), { status: 200, body: {} }) },
  { method: 'POST', path: /^\/nodes\/([^/]+)\/start$/, handler: async (d, _b, [name]) => (await d.startNode(name!), { status: 200, body: {} }) },
];

/** Listens on 127.0.0.1 and records the address file; close() stops listening and removes the file. */
export async function startControlServer(daemon: Daemon, home: KubesimHome): Promise<ControlServer> {
  const token = randomBytes(24).toString('hex');
  const server: Server = createServer((req, res) => void handle(daemon, token, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const address: DaemonAddress = { url: `http://127.0.0.1:${port}`, token, pid: process.pid };
  writeAtomic(home.addressPath, `${JSON.stringify(address)}\n`, 0o600);
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        rmSync(home.addressPath, { force: true });
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(daemon: Daemon, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'unauthorized' });
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const route = routes.find((r) => r.method === req.method && r.path.test(url.pathname));
  if (!route) return send(404, { message: `no such request: ${req.method} ${url.pathname}` });
  const params = route.path.exec(url.pathname)!.slice(1).map(decodeURIComponent);
  let body: unknown = undefined;
  try {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (chunks.length) body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return send(400, { message: 'the request body is not JSON' });
  }
  try {
    const out = await route.handler(daemon, body, params);
    send(out.status, out.body);
  } catch (e) {
    if (e instanceof DaemonRequestError) send(e.code, { message: e.message });
    else send(500, { message: (e as Error).message ?? String(e) });
  }
}
