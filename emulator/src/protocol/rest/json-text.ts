/**
 * JSON text of a proto3 JSON value. Unlike JSON.stringify it keeps negative zero (`-0`): a stored
 * -0.0 double must reach the SDKs as -0, and JSON.stringify(-0) is "0".
 */
export function toJsonText(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
