/** DefaultBinder: binds a pod by POSTing a Binding to its `binding` subresource (upstream plugins/defaultbinder). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { Pods } from '../../client/resources.js';
import { Status, type BindPlugin, type CycleState, type Handle, type Plugin, type StateData } from '../framework/interface.js';
import * as names from './names.js';

export const Name = names.DefaultBinder;

/** Cycle-state key of annotations the scheduler wants on the Binding (copied onto the pod by the API server). */
export const BindingAnnotationsKey = 'kubesim.io/binding-annotations';

/** Annotations to put on the Binding (kubesim's explain record). */
export class BindingAnnotations implements StateData {
  constructor(readonly annotations: Record<string, string>) {}
  clone(): StateData {
    return new BindingAnnotations({ ...this.annotations });
  }
}

export class DefaultBinder implements BindPlugin {
  constructor(private readonly handle: Handle) {}

  name(): string {
    return Name;
  }

  async bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid, annotations: state.read<BindingAnnotations>(BindingAnnotationsKey)?.annotations },
      target: { kind: 'Node', name: nodeName },
    } as unknown as KubeObject;
    try {
      await this.handle.client.resource(Pods).namespace(pod.metadata?.namespace ?? '').createSubresource(pod.metadata?.name ?? '', 'binding', binding);
    } catch (err) {
      return Status.error(err as Error);
    }
    return Status.success();
  }
}

export function newDefaultBinder(_args: unknown, h: Handle): Plugin {
  return new DefaultBinder(h);
}
