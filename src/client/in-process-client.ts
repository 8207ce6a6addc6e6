/** The Client over the registry in this process: what the CLI and the daemon use without HTTP. */
import * as apierrors from '../api/errors.js';
import type { GroupVersionResource } from '../api/group-version.js';
import type { KubeObject } from '../api/object.js';
import type { Registry } from '../registry/registry.js';
import type { Client, ResourceInterface, ResourceOps } from './client.js';

export class InProcessClient implements Client {
  constructor(readonly registry: Registry) {}

  resource(gvr: GroupVersionResource): ResourceInterface {
    const ops = (ns: string | undefined): ResourceOps => bind(this.registry, gvr, ns);
    return { ...ops(undefined), namespace: (ns: string) => ops(ns) };
  }
}

function bind(r: Registry, gvr: GroupVersionResource, ns: string | undefined): ResourceOps {
  const nameOf = (obj: KubeObject) => obj.metadata?.name ?? '';
  return {
    get: (name, opts) => r.get(gvr, ns, name, opts),
    list: (opts) => r.list(gvr, ns, opts),
    watch: (opts, onEvent) => r.watch(gvr, ns, opts, onEvent),
    create: (obj, opts) => r.create(gvr, ns, obj, opts),
    update: (obj, opts) => r.update(gvr, ns, obj, opts),
    updateStatus: (obj, opts) => r.update(gvr, ns, obj, { ...opts, subresource: 'status' }),
    patch: (name, type, patch, opts) => r.patch(gvr, ns, name, type, patch, opts),
    delete: (name, opts) => r.delete(gvr, ns, name, opts),
    deleteCollection: (listOpts, opts) => r.deleteCollection(gvr, ns, listOpts, opts),
    getSubresource: (name, sub) => r.getSubresource(gvr, ns, name, sub),
    updateSubresource: (name, sub, obj, opts) => r.updateSubresource(gvr, ns, name, sub, obj, opts),
    async createSubresource(name, sub, obj) {
      if (gvr.resource === 'pods' && gvr.group === '' && sub === 'binding') {
        if (!ns) throw apierrors.badRequest('a namespace is required');
        await r.bind(ns, name || nameOf(obj), obj as never);
        return undefined;
      }
      throw apierrors.notFound({ group: gvr.group, resource: `${gvr.resource}/${sub}` }, name);
    },
  };
}
