import type { Value__Output } from '../../gen/google/firestore/v1/Value.js';
import type { MapValue__Output } from '../../gen/google/firestore/v1/MapValue.js';

/**
 * A stored Firestore value: the protobuf `Value` as @grpc/proto-loader decodes it (int64 as decimal
 * strings, bytes as Buffer, `valueType` naming the set member). Every value that enters the store
 * passes through `normalizeValue`, so `valueType` is always present and correct.
 */
export type Value = Value__Output;
export type Fields = Record<string, Value>;
export type MapValue = MapValue__Output;

export const NULL_VALUE: Value = { valueType: 'nullValue', nullValue: 'NULL_VALUE' };

export const TypeOrder = {
  NULL: 0,
  BOOLEAN: 1,
  NUMBER: 2,
  TIMESTAMP: 3,
  STRING: 4,
  BYTES: 5,
  REFERENCE: 6,
  GEO_POINT: 7,
  ARRAY: 8,
  VECTOR: 9,
  MAP: 10,
} as const;
export type TypeOrder = (typeof TypeOrder)[keyof typeof TypeOrder];

/** Maps with `__type__: "__vector__"` are vectors: they sort between arrays and maps. */
export function isVector(v: Value): boolean {
  const t = v.mapValue?.fields?.['__type__'];
  return t?.stringValue === '__vector__';
}

export function typeOrder(v: Value): TypeOrder {
  switch (v.valueType) {
    case 'nullValue':
      return TypeOrder.NULL;
    case 'booleanValue':
      return TypeOrder.BOOLEAN;
    case 'integerValue':
    case 'doubleValue':
      return TypeOrder.NUMBER;
    case 'timestampValue':
      return TypeOrder.TIMESTAMP;
    case 'stringValue':
      return TypeOrder.STRING;
    case 'bytesValue':
      return TypeOrder.BYTES;
    case 'referenceValue':
      return TypeOrder.REFERENCE;
    case 'geoPointValue':
      return TypeOrder.GEO_POINT;
    case 'arrayValue':
      return TypeOrder.ARRAY;
    case 'mapValue':
      return isVector(v) ? TypeOrder.VECTOR : TypeOrder.MAP;
    default:
      // normalizeValue rejects every other kind before it can be stored.
      throw new Error(`unexpected value type ${String(v.valueType)}`);
  }
}

export const isNumber = (v: Value | undefined): boolean =>
  v?.valueType === 'integerValue' || v?.valueType === 'doubleValue';
export const isNaNValue = (v: Value | undefined): boolean =>
  v?.valueType === 'doubleValue' && Number.isNaN(v.doubleValue);
export const isNullValue = (v: Value | undefined): boolean => v?.valueType === 'nullValue';
export const arrayValues = (v: Value): Value[] => v.arrayValue?.values ?? [];
export const mapFields = (v: Value): Fields => v.mapValue?.fields ?? {};

export const integerValue = (n: bigint): Value => ({ valueType: 'integerValue', integerValue: n.toString() });
export const doubleValue = (n: number): Value => ({ valueType: 'doubleValue', doubleValue: n });
export const arrayValue = (values: Value[]): Value => ({ valueType: 'arrayValue', arrayValue: { values } });
export const mapValue = (fields: Fields): Value => ({ valueType: 'mapValue', mapValue: { fields } });
export const timestampValue = (t: { seconds: string; nanos: number }): Value => ({
  valueType: 'timestampValue',
  timestampValue: t,
});
