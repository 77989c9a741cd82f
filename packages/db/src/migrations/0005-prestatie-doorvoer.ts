import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Throughput of booking prestaties (measured by the benchmark harness):
 *
 * - Partitions on demand. 0001 created a partition for every year 2015–2035 up front; every statement on
 *   prestatie that cannot prune by period (lookups by ReferentieNummer or toewijzing) is planned over all
 *   of them, and that planning was the largest single cost of deciding a declaratie. Now only the years
 *   that hold prestaties keep a partition; `prestatie_partitie(jaar)` adds one (moving that year's rows out
 *   of the default partition), and `prestatie_partities_bijwerken()` — run by every process when it
 *   connects — keeps last year, this year and next year present. Rows of other years land in the default
 *   partition, so nothing depends on a partition existing.
 * - One foreign key instead of four per prestatie row: (declaratie_id, aanbieder_id, domein, gemeente_code)
 *   must match its declaratie, which itself references aanbieder, domein and gemeente. Same guarantee,
 *   one lookup, and no row locks by every booking worker on the few shared domein/gemeente/aanbieder rows.
 *   The claims in prestatie_referentie are written only from the prestatie rows inserted in the same
 *   statement (`boekDeclaratie`), so their copies of aanbieder and domein need no checks of their own.
 */
export class PrestatieDoorvoer0005 implements MigrationInterface {
  name = 'PrestatieDoorvoer0000000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE FUNCTION prestatie_partitie(jaar integer) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  naam text := format('prestatie_%s', jaar);
  van date := make_date(jaar, 1, 1);
  tot date := make_date(jaar + 1, 1, 1);
BEGIN
  IF to_regclass(naam) IS NOT NULL THEN RETURN false; END IF;
  -- Two processes adding the same year: the second waits and then finds it.
  PERFORM pg_advisory_xact_lock(7432005, jaar);
  IF to_regclass(naam) IS NOT NULL THEN RETURN false; END IF;
  EXECUTE format('CREATE TABLE %I (LIKE prestatie INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', naam);
  EXECUTE format('WITH weg AS (DELETE FROM prestatie_default WHERE periode_begin >= %L AND periode_begin < %L RETURNING *) INSERT INTO %I SELECT * FROM weg',
    van, tot, naam);
  EXECUTE format('ALTER TABLE prestatie ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', naam, van, tot);
  RETURN true;
END $$;

CREATE FUNCTION prestatie_partities_bijwerken() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  nu integer := extract(year FROM current_date)::integer;
BEGIN
  FOR jaar IN nu - 1 .. nu + 1 LOOP
    PERFORM prestatie_partitie(jaar);
  END LOOP;
END $$;

DO $$
DECLARE
  deel record;
  leeg boolean;
BEGIN
  FOR deel IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'prestatie'::regclass AND c.relname <> 'prestatie_default' LOOP
    EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %I)', deel.relname) INTO leeg;
    IF leeg THEN EXECUTE format('DROP TABLE %I', deel.relname); END IF;
  END LOOP;
END $$;
SELECT prestatie_partities_bijwerken();

ALTER TABLE declaratie ADD CONSTRAINT declaratie_sleutel UNIQUE (id, aanbieder_id, domein, gemeente_code);
ALTER TABLE prestatie
  DROP CONSTRAINT prestatie_declaratie_id_fkey,
  DROP CONSTRAINT prestatie_aanbieder_id_fkey,
  DROP CONSTRAINT prestatie_domein_fkey,
  DROP CONSTRAINT prestatie_gemeente_code_fkey,
  ADD CONSTRAINT prestatie_declaratie_fkey FOREIGN KEY (declaratie_id, aanbieder_id, domein, gemeente_code)
    REFERENCES declaratie (id, aanbieder_id, domein, gemeente_code);
ALTER TABLE prestatie_referentie
  DROP CONSTRAINT prestatie_referentie_aanbieder_id_fkey,
  DROP CONSTRAINT prestatie_referentie_domein_fkey;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
ALTER TABLE prestatie_referentie
  ADD CONSTRAINT prestatie_referentie_aanbieder_id_fkey FOREIGN KEY (aanbieder_id) REFERENCES aanbieder,
  ADD CONSTRAINT prestatie_referentie_domein_fkey FOREIGN KEY (domein) REFERENCES domein;
ALTER TABLE prestatie
  DROP CONSTRAINT prestatie_declaratie_fkey,
  ADD CONSTRAINT prestatie_declaratie_id_fkey FOREIGN KEY (declaratie_id) REFERENCES declaratie,
  ADD CONSTRAINT prestatie_aanbieder_id_fkey FOREIGN KEY (aanbieder_id) REFERENCES aanbieder,
  ADD CONSTRAINT prestatie_domein_fkey FOREIGN KEY (domein) REFERENCES domein,
  ADD CONSTRAINT prestatie_gemeente_code_fkey FOREIGN KEY (gemeente_code) REFERENCES gemeente;
ALTER TABLE declaratie DROP CONSTRAINT declaratie_sleutel;
DO $$
BEGIN
  FOR jaar IN 2015..2035 LOOP
    PERFORM prestatie_partitie(jaar);
  END LOOP;
END $$;
DROP FUNCTION prestatie_partities_bijwerken();
DROP FUNCTION prestatie_partitie(integer);
`);
  }
}
