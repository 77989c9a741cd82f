import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Throughput of booking a declaratie (measured by the benchmark harness, README "Performance"):
 *
 * - The references of a prestatie (its declaratie, client and toewijzing) are checked once per statement
 *   instead of once per row. A foreign key runs a lookup with a row lock for every prestatie row — three
 *   per row, the largest cost of booking after the row itself. The statement-level trigger checks the
 *   distinct references of all rows a statement inserted or updated in one set-based query (a declaratie's
 *   prestaties share one declaratie and mostly a few dozen clients and toewijzingen). What the row locks of
 *   a foreign key protected against — the referenced row being deleted or its key changed while the
 *   prestatie is written — is ruled out for good: declaraties, clients and toewijzingen are never deleted
 *   and their keys never change (triggers refuse both), as befits the records of a back office.
 * - TR318 reads only the latest earlier DeclaratiePeriode of an aanbieder, gemeente and domein: an index in
 *   that order answers it with one probe.
 * - Master data gets a version (`stamdata_stand`), bumped by every change of tarief or gemeente, so a
 *   process keeps the tariffs and gemeenten it decided with and reads them again only when they changed.
 * - The stored messages (`bericht.inhoud`) are compressed with lz4 where the server supports it: pglz
 *   compresses XML a little better but costs about a third of storing a 40 KB message.
 */
export class BoekingDoorvoer0006 implements MigrationInterface {
  name = 'BoekingDoorvoer0000000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE FUNCTION prestatie_verwijzingen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fout text;
BEGIN
  -- One index probe per distinct reference (a lateral LIMIT 1 is never turned into a join that scans the
  -- referenced table, whatever its statistics said when the plan was cached).
  SELECT x.wat INTO fout FROM (
    SELECT format('declaratie %s (aanbieder %s, domein %s, gemeente %s)', n.declaratie_id, n.aanbieder_id, n.domein, n.gemeente_code) AS wat
      FROM (SELECT DISTINCT declaratie_id, aanbieder_id, domein, gemeente_code FROM nieuw) n
      LEFT JOIN LATERAL (SELECT d.aanbieder_id, d.domein, d.gemeente_code FROM declaratie d WHERE d.id = n.declaratie_id LIMIT 1) d ON true
     WHERE (d.aanbieder_id, d.domein, d.gemeente_code) IS DISTINCT FROM (n.aanbieder_id, n.domein, n.gemeente_code)
    UNION ALL
    SELECT format('client %s', n.client_id)
      FROM (SELECT DISTINCT client_id FROM nieuw WHERE client_id IS NOT NULL) n
      LEFT JOIN LATERAL (SELECT 1 AS er FROM client c WHERE c.id = n.client_id LIMIT 1) c ON true
     WHERE c.er IS NULL
    UNION ALL
    SELECT format('toewijzing %s', n.toewijzing_id)
      FROM (SELECT DISTINCT toewijzing_id FROM nieuw WHERE toewijzing_id IS NOT NULL) n
      LEFT JOIN LATERAL (SELECT 1 AS er FROM toewijzing t WHERE t.id = n.toewijzing_id LIMIT 1) t ON true
     WHERE t.er IS NULL
  ) x LIMIT 1;
  IF fout IS NOT NULL THEN
    RAISE EXCEPTION 'prestatie verwijst naar een onbekende %', fout USING ERRCODE = 'foreign_key_violation', TABLE = 'prestatie';
  END IF;
  RETURN NULL;
END $$;

ALTER TABLE prestatie
  DROP CONSTRAINT prestatie_declaratie_fkey,
  DROP CONSTRAINT prestatie_client_id_fkey,
  DROP CONSTRAINT prestatie_toewijzing_id_fkey;
CREATE TRIGGER prestatie_verwijzingen_insert AFTER INSERT ON prestatie
  REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION prestatie_verwijzingen();
CREATE TRIGGER prestatie_verwijzingen_update AFTER UPDATE ON prestatie
  REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION prestatie_verwijzingen();

CREATE FUNCTION weiger_sleutelwijziging() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'tabel %: % van een rij of van haar sleutel is niet toegestaan (prestaties verwijzen ernaar)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER declaratie_blijft BEFORE DELETE ON declaratie FOR EACH ROW EXECUTE FUNCTION weiger_sleutelwijziging();
CREATE TRIGGER declaratie_sleutel_blijft BEFORE UPDATE OF id, aanbieder_id, domein, gemeente_code ON declaratie FOR EACH ROW
  WHEN ((OLD.id, OLD.aanbieder_id, OLD.domein, OLD.gemeente_code) IS DISTINCT FROM (NEW.id, NEW.aanbieder_id, NEW.domein, NEW.gemeente_code))
  EXECUTE FUNCTION weiger_sleutelwijziging();
CREATE TRIGGER client_blijft BEFORE DELETE ON client FOR EACH ROW EXECUTE FUNCTION weiger_sleutelwijziging();
CREATE TRIGGER client_sleutel_blijft BEFORE UPDATE OF id ON client FOR EACH ROW
  WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION weiger_sleutelwijziging();
CREATE TRIGGER toewijzing_blijft BEFORE DELETE ON toewijzing FOR EACH ROW EXECUTE FUNCTION weiger_sleutelwijziging();
CREATE TRIGGER toewijzing_sleutel_blijft BEFORE UPDATE OF id ON toewijzing FOR EACH ROW
  WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION weiger_sleutelwijziging();

CREATE INDEX declaratie_periodes ON declaratie (aanbieder_id, domein, gemeente_code, periode_eind);

CREATE TABLE stamdata_stand (
  enig boolean PRIMARY KEY DEFAULT true CHECK (enig),
  versie bigint NOT NULL
);
INSERT INTO stamdata_stand (versie) VALUES (1);
CREATE FUNCTION stamdata_gewijzigd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stamdata_stand SET versie = versie + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER tarief_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tarief FOR EACH STATEMENT EXECUTE FUNCTION stamdata_gewijzigd();
CREATE TRIGGER gemeente_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gemeente FOR EACH STATEMENT EXECUTE FUNCTION stamdata_gewijzigd();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE bericht ALTER COLUMN inhoud SET COMPRESSION lz4;
  END IF;
END $$;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
ALTER TABLE bericht ALTER COLUMN inhoud SET COMPRESSION default;
DROP INDEX declaratie_periodes;
DROP TRIGGER gemeente_stand ON gemeente;
DROP TRIGGER tarief_stand ON tarief;
DROP FUNCTION stamdata_gewijzigd();
DROP TABLE stamdata_stand;
DROP TRIGGER toewijzing_sleutel_blijft ON toewijzing;
DROP TRIGGER toewijzing_blijft ON toewijzing;
DROP TRIGGER client_sleutel_blijft ON client;
DROP TRIGGER client_blijft ON client;
DROP TRIGGER declaratie_sleutel_blijft ON declaratie;
DROP TRIGGER declaratie_blijft ON declaratie;
DROP FUNCTION weiger_sleutelwijziging();
DROP TRIGGER prestatie_verwijzingen_update ON prestatie;
DROP TRIGGER prestatie_verwijzingen_insert ON prestatie;
DROP FUNCTION prestatie_verwijzingen();
ALTER TABLE prestatie
  ADD CONSTRAINT prestatie_declaratie_fkey FOREIGN KEY (declaratie_id, aanbieder_id, domein, gemeente_code)
    REFERENCES declaratie (id, aanbieder_id, domein, gemeente_code),
  ADD CONSTRAINT prestatie_client_id_fkey FOREIGN KEY (client_id) REFERENCES client,
  ADD CONSTRAINT prestatie_toewijzing_id_fkey FOREIGN KEY (toewijzing_id) REFERENCES toewijzing;
`);
  }
}
