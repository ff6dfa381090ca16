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

// Prune the full root's own JSON (which keeps map key types, proto3 packing and presence exactly as
// parsed) to the reachable types, dropping options: they only name google.api annotations.
const reachable = (fullName) => keep.has(fullName) || [...keep].some((k) => k.startsWith(fullName + '.'));
const DROP = new Set(['options', 'parsedOptions', 'comment']);
const omit = (obj) => Object.fromEntries(Object.entries(obj).filter(([key]) => !DROP.has(key)));
const omitEach = (map) => Object.fromEntries(Object.entries(map).map(([name, value]) => [name, omit(value)]));
const prune = (node, fullName) => {
  const rest = omit(node);
  if (rest.fields) rest.fields = omitEach(rest.fields);
  if (rest.methods) rest.methods = omitEach(rest.methods);
  if (rest.nested) {
    const nested = Object.entries(rest.nested)
      .filter(([name]) => reachable(`${fullName}.${name}`) || `${fullName}.${name}` === service.fullName)
      .map(([name, child]) => [name, prune(child, `${fullName}.${name}`)]);
    if (nested.length) rest.nested = Object.fromEntries(nested);
    else delete rest.nested;
  }
  return rest;
};
const out = prune(root.toJSON({ keepComments: false }), '');

const json = JSON.stringify(out);
writeFileSync(new URL('../src/gen/firestore-descriptor.json', import.meta.url), json + '\n');
console.log(`firestore-descriptor.json: ${keep.size} types, ${json.length} bytes`);
