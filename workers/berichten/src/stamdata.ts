import { stamdataIndex, type DataSource, type Stamdata, type StamdataIndex } from '@plafond/db';

/**
 * The master data a process decides with, kept between messages: the context statement reads its version,
 * and the data is read again only when that moved (an import), so every message reads the version, not the data.
 */
export class StamdataCache {
  private index: StamdataIndex | null = null;

  /** The version held, to ask the database with (null: none yet). */
  get versie(): string | null {
    return this.index?.versie ?? null;
  }

  /** The index for a decision: the database's newer master data when it sent some, else the one held. */
  bij(nieuw: Stamdata | null): StamdataIndex {
    if (nieuw) this.index = stamdataIndex(nieuw);
    if (!this.index) throw new Error('stamdata ontbreekt: de database stuurde geen versie');
    return this.index;
  }
}

const caches = new WeakMap<DataSource, StamdataCache>();

/** The cache of one database (a process may talk to several, tests do). */
export function stamdataCacheVoor(ds: DataSource): StamdataCache {
  let c = caches.get(ds);
  if (!c) caches.set(ds, (c = new StamdataCache()));
  return c;
}
