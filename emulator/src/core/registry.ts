import { FirestoreDatabase, type DatabaseOptions } from './database.js';
import { databaseId, type DatabaseId } from './paths.js';
import { Clock } from './time.js';

export const DEFAULT_DATABASE_OPTIONS: DatabaseOptions = {
  retentionMs: 60 * 60 * 1000,
  idleTimeoutMs: 60 * 1000,
  lockTimeoutMs: 20 * 1000,
};

/**
 * Every database the emulator has seen, created on first use and isolated by project and database
 * id. One clock for all of them keeps commit times strictly increasing process-wide.
 */
export class Registry {
  readonly clock = new Clock();
  private readonly databases = new Map<string, FirestoreDatabase>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: DatabaseOptions = DEFAULT_DATABASE_OPTIONS) {
    this.timer = setInterval(() => this.sweep(), 30_000);
    this.timer.unref();
  }

  database(id: DatabaseId): FirestoreDatabase {
    let db = this.databases.get(id.name);
    if (!db) this.databases.set(id.name, (db = new FirestoreDatabase(id, this.clock, this.options)));
    return db;
  }

  get(projectId: string, database = '(default)'): FirestoreDatabase {
    return this.database(databaseId(projectId, database));
  }

  all(): Iterable<FirestoreDatabase> {
    return this.databases.values();
  }

  sweep(): void {
    for (const db of this.databases.values()) db.sweep();
  }

  close(): void {
    clearInterval(this.timer);
  }
}
