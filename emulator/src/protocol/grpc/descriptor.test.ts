import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import descriptor from '../../gen/firestore-descriptor.json' with { type: 'json' };

// The service is served from a pruned JSON descriptor; a field that lost its map key type, its
// packing or its presence there would still load but mis-decode the SDKs' messages. This compares
// every message the pruned descriptor holds with the same message parsed from emulator/proto.
const PROTO_DIR = fileURLToPath(new URL('../../../proto/', import.meta.url));

function fullRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => PROTO_DIR + target;
  root.loadSync('google/firestore/v1/firestore.proto', { keepCase: false });
  root.resolveAll();
  return root;
}

function messages(ns: protobuf.NamespaceBase): protobuf.Type[] {
  return ns.nestedArray.flatMap((n) => [
    ...(n instanceof protobuf.Type ? [n] : []),
    ...(n instanceof protobuf.Namespace || n instanceof protobuf.Type ? messages(n) : []),
  ]);
}

const shape = (t: protobuf.Type) =>
  t.fieldsArray.map((f) => ({
    name: f.name,
    id: f.id,
    type: f.resolvedType?.fullName ?? f.type,
    keyType: f instanceof protobuf.MapField ? f.keyType : undefined,
    repeated: f.repeated,
    packed: f.repeated ? f.packed : undefined,
    presence: Boolean(f.hasPresence), // a oneof member answers with its OneOf
    oneof: f.partOf?.name,
  }));

describe('pruned Firestore descriptor', () => {
  const full = fullRoot();
  const pruned = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
  pruned.resolveAll();

  it('holds every type the service reaches', () => {
    const service = pruned.lookupService('google.firestore.v1.Firestore');
    expect(service.methodsArray.map((m) => m.name)).toEqual(
      full.lookupService('google.firestore.v1.Firestore').methodsArray.map((m) => m.name),
    );
    expect(messages(pruned).length).toBeGreaterThan(50);
  });

  it('encodes every message exactly as the .proto files do', () => {
    for (const t of messages(pruned)) expect({ type: t.fullName, fields: shape(t) }).toEqual({ type: t.fullName, fields: shape(full.lookupType(t.fullName)) });
  });
});
