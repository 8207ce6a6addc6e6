/**
 * The simulated pod network: which container listens on which address and port. Probes (httpGet, tcpSocket, grpc)
 * connect through it, so a port nobody listens on refuses the connection exactly as a real one does.
 */

export interface HttpRequest {
  method: string;
  /** The path with its query, as requested. */
  path: string;
  headers: Record<string, string>;
  /** The client's address (probes come from the node's side of the pod network). */
  remote: string;
  userAgent: string;
}

export interface HttpResponse {
  status: number;
  body: string;
}

export interface Listener {
  /** The container listening (for logs and debugging). */
  container: string;
  /** Answers HTTP on this port; absent for plain TCP servers. */
  http?(req: HttpRequest): Promise<HttpResponse>;
}

/** The address a node's loopback interface (127.0.0.1) has in the simulated network: each node has its own. */
export const nodeLoopback = (hostIP: string) => `loopback:${hostIP}`;

/** Whether a probe's host names the node's loopback. */
export const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1';

export class PodNetwork {
  private readonly listeners = new Map<string, Listener>();
  /** Processes whose servers (shell-started: kubesim-serve, busybox httpd -f, nc -l) listen on a live set of ports. */
  private readonly processes = new Map<string, Array<{ container: string; ports: ReadonlySet<number> }>>();

  /** Starts listening on ip:port; returns the function that stops it. Throws EADDRINUSE when taken. */
  listen(ip: string, port: number, listener: Listener): () => void {
    const key = `${ip}:${port}`;
    if (this.listeners.has(key)) throw new Error(`listen tcp ${key}: bind: address already in use`);
    this.listeners.set(key, listener);
    return () => {
      if (this.listeners.get(key) === listener) this.listeners.delete(key);
    };
  }

  /** Adds a process's listening ports (a set that changes as servers start and stop) at ip; returns the detach. */
  attach(ip: string, container: string, ports: ReadonlySet<number>): () => void {
    const entry = { container, ports };
    const list = this.processes.get(ip) ?? [];
    list.push(entry);
    this.processes.set(ip, list);
    return () => {
      const now = this.processes.get(ip)?.filter((e) => e !== entry) ?? [];
      if (now.length) this.processes.set(ip, now);
      else this.processes.delete(ip);
    };
  }

  /** Who accepts a connection to ip:port (undefined: connection refused). */
  connect(ip: string, port: number): Listener | undefined {
    const listener = this.listeners.get(`${ip}:${port}`);
    if (listener) return listener;
    const proc = this.processes.get(ip)?.find((e) => e.ports.has(port));
    // A shell-started server accepts connections and answers any HTTP request.
    if (proc) return { container: proc.container, http: async () => ({ status: 200, body: '' }) };
    return undefined;
  }
}
