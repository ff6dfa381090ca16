/**
 * The part of the Firestore API the page uses, once for the full SDK and once for the lite SDK, so
 * every page operation is written once. The lite SDK exports the same functions and classes with
 * the same signatures over its own (REST-only) implementation; only its aggregation function has
 * another name.
 */
import * as full from 'firebase/firestore';
import * as lite from 'firebase/firestore/lite';

export type SdkSurface = Pick<
  typeof full,
  | 'initializeFirestore'
  | 'connectFirestoreEmulator'
  | 'terminate'
  | 'doc'
  | 'collection'
  | 'collectionGroup'
  | 'getDoc'
  | 'getDocs'
  | 'setDoc'
  | 'updateDoc'
  | 'deleteDoc'
  | 'addDoc'
  | 'query'
  | 'where'
  | 'orderBy'
  | 'limit'
  | 'limitToLast'
  | 'startAt'
  | 'endBefore'
  | 'getAggregateFromServer'
  | 'count'
  | 'sum'
  | 'average'
  | 'writeBatch'
  | 'runTransaction'
  | 'Timestamp'
  | 'GeoPoint'
  | 'Bytes'
  | 'DocumentReference'
  | 'VectorValue'
  | 'vector'
  | 'serverTimestamp'
  | 'increment'
  | 'deleteField'
>;

export const FULL_SDK: SdkSurface = full;

// The cast is the one place the lite SDK's separate classes are treated as the full SDK's types;
// at run time every value a lite function receives was built by the lite SDK.
export const LITE_SDK = { ...lite, getAggregateFromServer: lite.getAggregate } as unknown as SdkSurface;

/** The full SDK's listener functions (the lite SDK has none). */
export { onSnapshot } from 'firebase/firestore';
