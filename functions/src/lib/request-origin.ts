import type { CallableRequest } from 'firebase-functions/https';

/**
 * The base URL the functions were reached at (e.g. `http://127.0.0.1:5001` in the emulator), from
 * which other functions' URLs are built (`${origin}/${project}/${region}/${name}`).
 */
export function requestOrigin(request: CallableRequest['rawRequest']): string {
  const forwarded = request.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return `${forwarded || request.protocol}://${request.get('host')}`;
}
