// Writes src/gen/firestore-descriptor.json: the protobufjs JSON descriptor of the Firestore v1
// service and only the message types it can reach. Loading it at start-up skips parsing ~30 .proto
// files (google/protobuf/descriptor.proto alone is most of them) — the emulator's largest start-up
// and idle-memory cost. Runs as part of `npm run gen`.
import protobuf from 'protobufjs';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const protoDir = fileURLToPath(new URL('../proto/', import.meta.url));
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => protoDir + target;
root.loadSync('google/firestore/v1/firestore.proto', { keepCase: false });
root.resolveAll();

const service = root.lookupService('google.firestore.v1.Firestore');
const keep = new Set();
const visit = (type) => {
  if (keep.has(type.fullName)) return;
  keep.add(type.fullName);
  if (type instanceof protobuf.Type) {
    for (const field of type.fieldsArray) if (field.resolvedType) visit(field.resolvedType);
    for (const nested of type.nestedArray) if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum) visit(nested);
  }
};
for (const method of service.methodsArray) {
  visit(method.resolvedRequestType);
  visit(method.resolvedResponseType);
}

// Rebuild a namespace tree holding only what is reachable, without options or comments.
const out = new protobuf.Root();
const ensureNamespace = (fullName) => {
  let ns = out;
  for (const part of fullName.split('.').filter(Boolean)) {
    let next = ns.get(part);
    if (!next) ns.add((next = new protobuf.Namespace(part)));
    ns = next;
  }
  return ns;
};
const copyType = (type, into) => {
  if (type instanceof protobuf.Enum) return into.add(new protobuf.Enum(type.name, type.values));
  const t = new protobuf.Type(type.name);
  for (const f of type.fieldsArray) t.add(new protobuf.Field(f.name, f.id, f.type, f.repeated ? 'repeated' : f.optional ? 'optional' : undefined));
  for (const o of type.oneofsArray) t.add(new protobuf.OneOf(o.name, o.oneof));
  for (const nested of type.nestedArray) if (keep.has(nested.fullName)) copyType(nested, t);
  into.add(t);
};
for (const name of [...keep].sort()) {
  const type = root.lookup(name);
  if (keep.has(type.parent.fullName)) continue; // nested types are copied with their parent
  copyType(type, ensureNamespace(type.parent.fullName));
}
const svc = new protobuf.Service(service.name);
for (const m of service.methodsArray)
  svc.add(new protobuf.Method(m.name, 'rpc', m.requestType, m.responseType, m.requestStream, m.responseStream));
ensureNamespace(service.parent.fullName).add(svc);

const json = JSON.stringify(out.toJSON({ keepComments: false }));
writeFileSync(new URL('../src/gen/firestore-descriptor.json', import.meta.url), json + '\n');
console.log(`firestore-descriptor.json: ${keep.size} types, ${json.length} bytes`);
