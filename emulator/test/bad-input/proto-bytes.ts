/**
 * Just enough of the protobuf wire format to hand-make messages the real encoder refuses to
 * produce (it enforces the same nesting limit the decoder does).
 */

export const WireType = { VARINT: 0, FIXED64: 1, LENGTH_DELIMITED: 2, START_GROUP: 3, END_GROUP: 4, FIXED32: 5 } as const;

export function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

export const tag = (field: number, wireType: number): number[] => varint(field * 8 + wireType);

/** A length-delimited field (string, bytes or sub-message). */
export const lengthDelimited = (field: number, body: Buffer | string): Buffer => {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([Buffer.from([...tag(field, WireType.LENGTH_DELIMITED), ...varint(bytes.length)]), bytes]);
};

/**
 * A google.firestore.v1.Value holding maps nested `depth` deep (`{k: {k: … 'leaf'}}`):
 * Value.map_value = 6, MapValue.fields = 1 (entries: key = 1, value = 2), Value.string_value = 17.
 */
export function nestedMapValue(depth: number): Buffer {
  let value = lengthDelimited(17, 'leaf');
  for (let i = 0; i < depth; i++) {
    const entry = Buffer.concat([lengthDelimited(1, 'k'), lengthDelimited(2, value)]);
    value = lengthDelimited(6, lengthDelimited(1, entry));
  }
  return value;
}

/** A CommitRequest (database = 1, writes = 2) with one update write (Write.update = 1) of `fields` (Document: name = 1, fields = 2). */
export function commitWithField(database: string, name: string, fieldName: string, value: Buffer): Buffer {
  const entry = Buffer.concat([lengthDelimited(1, fieldName), lengthDelimited(2, value)]);
  const document = Buffer.concat([lengthDelimited(1, name), lengthDelimited(2, entry)]);
  const write = lengthDelimited(1, document);
  return Buffer.concat([lengthDelimited(1, database), lengthDelimited(2, write)]);
}
