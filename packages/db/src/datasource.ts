import 'reflect-metadata';
import pg from 'pg';
import { DataSource, MigrationExecutor } from 'typeorm';
import { alleEntities } from './entities';
import { Schema0001 } from './migrations/0001-schema';
import { Referentiedata0002 } from './migrations/0002-referentiedata';
import { Verwerking0003 } from './migrations/0003-verwerking';
import { ToewijzingGeneriek0004 } from './migrations/0004-toewijzing-generiek';
import { PrestatieDoorvoer0005 } from './migrations/0005-prestatie-doorvoer';
import { BoekingDoorvoer0006 } from './migrations/0006-boeking-doorvoer';
import { OnderhandenWerk0007 } from './migrations/0007-onderhanden-werk';
import { BudgetCijfers0008 } from './migrations/0008-budget-cijfers';
import { Werkvoorraad0009 } from './migrations/0009-werkvoorraad';
import { GebruikersSessies0010 } from './migrations/0010-gebruikers-sessies';
import { Betrouwbaarheid0011 } from './migrations/0011-betrouwbaarheid';
import { Brieven0013 } from './migrations/0013-brieven';
import { Budgetlijnen0014 } from './migrations/0014-budgetlijnen';

// PostgreSQL `date` (oid 1082) stays the 'YYYY-MM-DD' string: a JS Date would shift calendar days
// with the time zone. Set once, process-wide, before any connection is made.
pg.types.setTypeParser(1082, (v: string) => v);

/** The migrations in order. New ones are appended with the next number; applied ones are never edited. */
export const migraties = [
  Schema0001, Referentiedata0002, Verwerking0003, ToewijzingGeneriek0004, PrestatieDoorvoer0005, BoekingDoorvoer0006, OnderhandenWerk0007, BudgetCijfers0008,
  Werkvoorraad0009, GebruikersSessies0010, Betrouwbaarheid0011, Brieven0013, Budgetlijnen0014,
];

// Arbitrary constant key for the advisory lock that serialises concurrent `migreer` calls.
const MIGRATIE_LOCK = 7_432_001;

/** Creates (does not connect) a DataSource for a PostgreSQL URL. Schema changes only through migrations. */
export function maakDataSource(url: string, opts: { poolMax?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: alleEntities,
    migrations: migraties,
    migrationsTableName: 'schema_migraties',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: opts.applicationName ?? 'plafond',
    extra: { max: opts.poolMax ?? 10 },
  });
}

/**
 * Applies every pending migration, all in one transaction, while holding an advisory lock so two
 * processes starting at once cannot race. Safe to call any number of times. Also makes sure the prestatie
 * partitions of last, this and next year exist (a long-running system gets next year's at its next start;
 * until then such rows land in the default partition). Returns the names of the migrations it applied.
 */
export async function migreer(dataSource: DataSource): Promise<string[]> {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('SELECT pg_advisory_lock($1)', [MIGRATIE_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, qr);
      executor.transaction = 'all';
      const applied = await executor.executePendingMigrations();
      await qr.query('SELECT prestatie_partities_bijwerken()');
      return applied.map((m) => m.name);
    } finally {
      await qr.query('SELECT pg_advisory_unlock($1)', [MIGRATIE_LOCK]);
    }
  } finally {
    await qr.release();
  }
}
