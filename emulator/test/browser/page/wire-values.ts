/**
 * WireValue ⇄ Firestore SDK values, in the page. Tagged objects become the SDK's value classes and
 * sentinels on the way in; the SDK's classes become tagged objects on the way out, so a test in Node
 * can compare what the browser read with plain `toEqual`.
 */
import type { Firestore } from 'firebase/firestore';
import type { SdkSurface } from './sdk-surface.js';
import type { WireData, WireValue } from './page-api.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A WireValue as the SDK wants it for a write or a query constraint. */
export function toSdk(sdk: SdkSurface, db: Firestore, v: WireValue): unknown {
  if (Array.isArray(v)) return v.map((e: WireValue) => toSdk(sdk, db, e));
  if (!isRecord(v)) return v;
  const keys = Object.keys(v);
  const tag = keys.length === 1 && keys[0]!.startsWith('$') ? keys[0]! : undefined;
  const t = v as Record<string, never>;
  switch (tag) {
    case '$timestamp':
      return new sdk.Timestamp(t.$timestamp['seconds'], t.$timestamp['nanoseconds']);
    case '$geo':
      return new sdk.GeoPoint(t.$geo['latitude'], t.$geo['longitude']);
    case '$bytes':
      return sdk.Bytes.fromBase64String(t.$bytes);
    case '$ref':
      return sdk.doc(db, t.$ref);
    case '$vector':
      return sdk.vector([...(t.$vector as number[])]);
    case '$serverTimestamp':
      return sdk.serverTimestamp();
    case '$increment':
      return sdk.increment(t.$increment);
    case '$deleteField':
      return sdk.deleteField();
    default:
      return toSdkData(sdk, db, v as WireData);
  }
}

export function toSdkData(sdk: SdkSurface, db: Firestore, data: WireData): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, e]) => [k, toSdk(sdk, db, e)]));
}

/** An SDK value read from a snapshot as a WireValue. */
export function fromSdk(sdk: SdkSurface, v: unknown): WireValue {
  if (Array.isArray(v)) return v.map((e) => fromSdk(sdk, e));
  if (v instanceof sdk.Timestamp) return { $timestamp: { seconds: v.seconds, nanoseconds: v.nanoseconds } };
  if (v instanceof sdk.GeoPoint) return { $geo: { latitude: v.latitude, longitude: v.longitude } };
  if (v instanceof sdk.Bytes) return { $bytes: v.toBase64() };
  if (v instanceof sdk.DocumentReference) return { $ref: v.path };
  if (v instanceof sdk.VectorValue) return { $vector: v.toArray() };
  if (isRecord(v)) return fromSdkData(sdk, v);
  return v as WireValue;
}

export function fromSdkData(sdk: SdkSurface, data: Record<string, unknown>): WireData {
  return Object.fromEntries(Object.entries(data).map(([k, e]) => [k, fromSdk(sdk, e)]));
}
