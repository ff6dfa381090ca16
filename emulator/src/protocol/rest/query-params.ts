import protobuf from 'protobufjs';
import { invalidArgument } from '../../core/errors.js';
import { fieldNamed } from './json-codec.js';

/** Google's system parameters (`key=` from the web SDK, `$alt=json;enum-encoding=int` from gax): not request fields. */
const SYSTEM_PARAMS = new Set([
  'key', 'alt', '$alt', 'prettyPrint', '$prettyPrint', 'fields', '$fields', 'callback', '$callback',
  'quotaUser', 'access_token', 'oauth_token', 'upload_protocol', 'uploadType', '$.xgafv', '$xgafv',
]);

/** Types whose JSON form is a string, so a query parameter can spell them. */
const STRING_FORM_MESSAGES = new Set([
  '.google.protobuf.Timestamp', '.google.protobuf.Int32Value', '.google.protobuf.Int64Value', '.google.protobuf.DoubleValue',
]);

/**
 * Sets `dotted` (`currentDocument.updateTime`, `mask.fieldPaths`) in the request's JSON form to the
 * text `value`, appending for repeated fields, so that the codec validates URL fields and query
 * parameters exactly like body fields. Booleans are the one scalar whose JSON form is not text.
 * @throws INVALID_ARGUMENT when the path names no field of `type`
 */
export function setJsonPath(type: protobuf.Type, json: Record<string, unknown>, dotted: string, value: string): void {
  const parts = dotted.split('.');
  let t = type;
  let target = json;
  parts.forEach((part, i) => {
    const field = fieldNamed(t, part);
    if (!field || field.map)
      throw invalidArgument(`Invalid JSON payload received. Unknown name "${dotted}": Cannot bind query parameter. Field '${part}' could not be found in request message.`);
    const resolved = field.resolvedType;
    if (i < parts.length - 1) {
      if (!(resolved instanceof protobuf.Type) || field.repeated)
        throw invalidArgument(`Invalid query parameter "${dotted}": '${part}' is not a message field.`);
      const next = target[field.name];
      target = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (target[field.name] = {});
      t = resolved;
      return;
    }
    if (resolved instanceof protobuf.Type && !STRING_FORM_MESSAGES.has(resolved.fullName))
      throw invalidArgument(`Invalid query parameter "${dotted}": a message cannot be given as text.`);
    const typed = field.type === 'bool' ? parseBool(dotted, value) : value;
    if (field.repeated) ((target[field.name] ??= []) as unknown[]).push(typed);
    else target[field.name] = typed;
  });
}

function parseBool(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidArgument(`Invalid value for query parameter "${name}": ${JSON.stringify(value)} (expected true or false).`);
}

/** Adds every non-system query parameter of `search` to the request's JSON form. */
export function bindQueryParams(type: protobuf.Type, json: Record<string, unknown>, search: URLSearchParams): void {
  for (const [key, value] of search) if (!SYSTEM_PARAMS.has(key)) setJsonPath(type, json, key, value);
}
