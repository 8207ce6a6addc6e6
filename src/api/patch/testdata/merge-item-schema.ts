/** Upstream's MergeItem test type (strategicpatch/patch_test.go) as a schema, for the ported fixtures. */
import { definitionsFieldTypes, patchMetaForDefinition, type FieldPatchMeta, type LookupPatchMeta, type SchemaObject } from '../patch-meta.js';

const ref = (name: string): SchemaObject => ({ $ref: `#/definitions/${name}` });
const listOf = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
const str: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer' };

const definitions: Record<string, SchemaObject> = {
  mergeItem: {
    type: 'object',
    properties: {
      name: str,
      value: str,
      other: str,
      mergingList: listOf(ref('mergeItem')),
      nonMergingList: listOf(ref('mergeItem')),
      mergingIntList: listOf(int),
      nonMergingIntList: listOf(int),
      mergeItemPtr: listOf(ref('mergeItem')),
      simpleMap: { type: 'object', additionalProperties: str },
      replacingItem: ref('rawExtension'),
      jsonItem: ref('jsonItem'),
      retainKeysMap: ref('retainKeysMergeItem'),
      retainKeysMergingList: listOf(ref('mergeItem')),
    },
  },
  retainKeysMergeItem: {
    type: 'object',
    properties: {
      name: str,
      value: str,
      other: str,
      simpleMap: { type: 'object', additionalProperties: str },
      mergingIntList: listOf(int),
      mergingList: listOf(ref('mergeItem')),
      nonMergingList: listOf(ref('mergeItem')),
    },
  },
  /** runtime.RawExtension: free-form JSON. */
  rawExtension: { type: 'object' },
  /** A struct whose only Go field has no JSON name the fixtures use: any nested lookup fails. */
  jsonItem: { type: 'object', properties: { Raw: str } },
};

const table: Record<string, FieldPatchMeta> = {
  'mergeItem.mergingList': { strategy: 'merge', mergeKey: 'name' },
  'mergeItem.mergingIntList': { strategy: 'merge' },
  'mergeItem.mergeItemPtr': { strategy: 'merge', mergeKey: 'name' },
  'mergeItem.replacingItem': { strategy: 'replace' },
  'mergeItem.retainKeysMap': { strategy: 'retainKeys' },
  'mergeItem.retainKeysMergingList': { strategy: 'merge,retainKeys', mergeKey: 'name' },
  'retainKeysMergeItem.mergingIntList': { strategy: 'merge' },
  'retainKeysMergeItem.mergingList': { strategy: 'merge', mergeKey: 'name' },
};

export const mergeItemSchema: LookupPatchMeta = patchMetaForDefinition(
  'mergeItem',
  definitionsFieldTypes((name) => definitions[name]),
  table,
);
