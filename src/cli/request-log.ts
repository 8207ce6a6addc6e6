/**
 * What `kubectl -v=6` shows, for kubesim's in-process requests: a Client that logs each call as client-go's debugging
 * round tripper logs an HTTP request, in klog's format: the method, the URL kubectl would have requested (from the
 * resource, namespace, name and options), the status and the time taken. -v=7 splits request and response status as
 * kubectl does; -v=8 adds the request and response bodies (HTTP headers do not exist in process and are left out).
 */
import { StatusError, type Status } from '../api/errors.js';
import type { GroupVersionResource } from '../api/group-version.js';
import type { Client, ResourceInterface, ResourceOps } from '../client/client.js';
import { klogLine } from './commands/klog-line.js';
import { goQuote } from './pflag.js';

export interface RequestLogOptions {
  /** The -v level; below 6 nothing is logged. */
  level: number;
  /** The API server URL of the current context (`http://127.0.0.1:6443`). */
  server: string;
  log(line: string): void;
  now(): Date;
  pid: number;
  /** Milliseconds since some origin, for durations. */
  clock?: () => number;
}

/** Go's http.StatusText for the codes the API returns. */
const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Go's url.QueryEscape. */
const queryEscape = (s: string) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** url.Values.Encode: keys sorted, values escaped; undefined values left out. */
export function encodeQuery(values: Record<string, string | number | boolean | undefined>): string {
  const keys = Object.keys(values)
    .filter((k) => values[k] !== undefined && values[k] !== '')
    .sort();
  return keys.map((k) => `${queryEscape(k)}=${queryEscape(String(values[k]))}`).join('&');
}

/** The REST path of a request: /api/v1 or /apis/GROUP/VERSION, the namespace, the resource, the name and subresource. */
export function requestPath(gvr: GroupVersionResource, namespace: string | undefined, name?: string, subresource?: string): string {
  const base = gvr.group ? `/apis/${gvr.group}/${gvr.version}` : `/api/${gvr.version}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const obj = name !== undefined ? `/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}` : '';
  return `${base}${ns}/${gvr.resource}${obj}`;
}

/** klog's InfoS rendering of a key whose value is a string: quoted, or as a block when it has line breaks. */
function structured(message: string, key: string, value: string): string {
  if (!value.includes('\n')) return `${goQuote(message)} ${key}=${goQuote(value)}`;
  return `${goQuote(message)} ${key}=<\n${value.replace(/^/gm, '\t')}\n >`;
}

/** client-go's truncateBody: 1024 characters at -v=8, 10240 at -v=9, all from -v=10. */
function truncateBody(body: string, level: number): string {
  if (level >= 10) return body;
  const max = level >= 9 ? 10240 : 1024;
  return body.length <= max ? body : `${body.slice(0, max)} [truncated ${body.length - max} chars]`;
}

/** The Status object an error carries, in the API server's field order. */
export function statusObject(status: Status): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    ...(status.message !== undefined ? { message: status.message } : {}),
    ...(status.reason ? { reason: status.reason } : {}),
    ...(status.details ? { details: status.details } : {}),
    code: status.code,
  };
}

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The status of a successful response. */
  ok?: number;
  /** What the response body would hold, given the call's result (the result itself when absent). */
  responseBody?: (result: never) => unknown;
}

class RequestLogger {
  constructor(private readonly opts: RequestLogOptions) {}

  private line(file: string, message: string): void {
    this.opts.log(`${klogLine('I', file, message, this.opts.now(), this.opts.pid)}\n`);
  }

  async run<T>(req: Request, call: () => Promise<T>): Promise<T> {
    const { level } = this.opts;
    const query = req.query ? encodeQuery(req.query) : '';
    const url = `${this.opts.server}${req.path}${query ? `?${query}` : ''}`;
    if (level >= 8) this.line('helper.go:113', structured('Request Body', 'body', req.body === undefined ? '' : JSON.stringify(req.body)));
    if (level >= 7) this.line('round_trippers.go:470', `${req.method} ${url}`);
    const clock = this.opts.clock ?? (() => performance.now());
    const start = clock();
    let result: T;
    let code: number;
    let body: unknown;
    try {
      result = await call();
      code = req.ok ?? 200;
      body = req.responseBody ? req.responseBody(result as never) : result;
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      code = e.status.code;
      body = statusObject(e.status);
      this.response(req, url, code, clock() - start, body);
      throw e;
    }
    this.response(req, url, code, clock() - start, body);
    return result;
  }

  private response(req: Request, url: string, code: number, ms: number, body: unknown): void {
    const { level } = this.opts;
    const status = `${code} ${statusText[code] ?? ''}`.trimEnd();
    const millis = Math.max(0, Math.trunc(ms));
    if (level >= 7) this.line('round_trippers.go:581', `Response Status: ${status} in ${millis} milliseconds`);
    else this.line('round_trippers.go:560', `${req.method} ${url} ${status} in ${millis} milliseconds`);
    if (level >= 8 && body !== undefined) this.line('helper.go:113', structured('Response Body', 'body', truncateBody(JSON.stringify(body), level)));
  }
}

function loggedOps(ops: ResourceOps, gvr: GroupVersionResource, namespace: string | undefined, logger: RequestLogger): ResourceOps {
  const path = (name?: string, sub?: string) => requestPath(gvr, namespace, name, sub);
  return {
    get: (name, opts) => logger.run({ method: 'GET', path: path(name), query: { resourceVersion: opts?.resourceVersion } }, () => ops.get(name, opts)),
    list: (opts) =>
      logger.run(
        { method: 'GET', path: path(), query: { labelSelector: opts?.labelSelector, fieldSelector: opts?.fieldSelector, resourceVersion: opts?.resourceVersion, limit: opts?.limit, continue: opts?.continue } },
        () => ops.list(opts),
      ),
    watch: (opts, onEvent) =>
      logger.run(
        { method: 'GET', path: path(), query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, resourceVersion: opts.resourceVersion, watch: true }, responseBody: () => undefined },
        () => ops.watch(opts, onEvent),
      ),
    create: (obj, opts) => logger.run({ method: 'POST', path: path(), query: { dryRun: opts?.dryRun, fieldManager: opts?.fieldManager }, body: obj, ok: 201 }, () => ops.create(obj, opts)),
    update: (obj, opts) =>
      logger.run({ method: 'PUT', path: path(obj.metadata?.name), query: { dryRun: opts?.dryRun, fieldManager: opts?.fieldManager }, body: obj }, () => ops.update(obj, opts)),
    updateStatus: (obj, opts) =>
      logger.run({ method: 'PUT', path: path(obj.metadata?.name, 'status'), query: { dryRun: opts?.dryRun, fieldManager: opts?.fieldManager }, body: obj }, () => ops.updateStatus(obj, opts)),
    patch: (name, type, patch, opts) =>
      logger.run({ method: 'PATCH', path: path(name, opts?.subresource), query: { dryRun: opts?.dryRun, fieldManager: opts?.fieldManager }, body: patch }, () => ops.patch(name, type, patch, opts)),
    delete: (name, opts) =>
      logger.run(
        { method: 'DELETE', path: path(name), query: { dryRun: opts?.dryRun }, body: opts ? { kind: 'DeleteOptions', apiVersion: 'v1', ...opts } : undefined, responseBody: (r: { object: unknown }) => r.object },
        () => ops.delete(name, opts),
      ),
    deleteCollection: (listOpts, opts) =>
      logger.run(
        { method: 'DELETE', path: path(), query: { labelSelector: listOpts.labelSelector, fieldSelector: listOpts.fieldSelector, dryRun: opts?.dryRun }, body: opts ? { kind: 'DeleteOptions', apiVersion: 'v1', ...opts } : undefined },
        () => ops.deleteCollection(listOpts, opts),
      ),
    getSubresource: (name, sub) => logger.run({ method: 'GET', path: path(name, sub) }, () => ops.getSubresource(name, sub)),
    updateSubresource: (name, sub, obj, opts) =>
      logger.run({ method: 'PUT', path: path(name, sub), query: { dryRun: opts?.dryRun, fieldManager: opts?.fieldManager }, body: obj }, () => ops.updateSubresource(name, sub, obj, opts)),
    createSubresource: (name, sub, obj, opts) =>
      logger.run({ method: 'POST', path: path(name, sub), query: { dryRun: opts?.dryRun, fieldManager: opts?.fieldManager }, body: obj, ok: 201 }, () => ops.createSubresource(name, sub, obj, opts)),
  };
}

/** A Client that logs every request at -v=6 and above, as kubectl's HTTP client would. */
export function loggingClient(client: Client, opts: RequestLogOptions): Client {
  if (opts.level < 6) return client;
  const logger = new RequestLogger(opts);
  return {
    resource(gvr: GroupVersionResource): ResourceInterface {
      const inner = client.resource(gvr);
      return { ...loggedOps(inner, gvr, undefined, logger), namespace: (ns: string) => loggedOps(inner.namespace(ns), gvr, ns, logger) };
    },
  };
}
