import type { Fields, Value } from './value.js';

/**
 * Storage size as Cloud Firestore documents it ("Storage size calculations"): used for the 1 MiB
 * document limit, so a document the emulator accepts is one production accepts.
 */
export const MAX_DOCUMENT_BYTES = 1_048_576;

const stringSize = (s: string): number => Buffer.byteLength(s) + 1;

/** Size of a document name: each segment's size plus 16 bytes. */
export const documentNameSize = (relativePath: string): number =>
  relativePath.split('/').reduce((n, s) => n + stringSize(s), 0) + 16;

export function valueSize(v: Value): number {
  switch (v.valueType) {
    case 'nullValue':
    case 'booleanValue':
      return 1;
    case 'integerValue':
    case 'doubleValue':
    case 'timestampValue':
      return 8;
    case 'geoPointValue':
      return 16;
    case 'stringValue':
      return stringSize(v.stringValue ?? '');
    case 'bytesValue':
      return v.bytesValue?.length ?? 0;
    case 'referenceValue':
      return documentNameSize((v.referenceValue ?? '').replace(/^projects\/[^/]+\/databases\/[^/]+\/documents\//, ''));
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).reduce((n, e) => n + valueSize(e), 0);
    case 'mapValue':
      return fieldsSize(v.mapValue?.fields ?? {});
    default:
      return 0;
  }
}

export const fieldsSize = (fields: Fields): number =>
  Object.entries(fields).reduce((n, [k, v]) => n + stringSize(k) + valueSize(v), 0);

export const documentSize = (relativePath: string, fields: Fields): number =>
  documentNameSize(relativePath) + fieldsSize(fields) + 32;
