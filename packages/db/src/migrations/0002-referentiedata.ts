import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data that the schema's meaning depends on: the two wettelijke domeinen and the ZW gemeenten. */
export class Referentiedata0002 implements MigrationInterface {
  name = 'Referentiedata0000000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
INSERT INTO domein (code, naam) VALUES ('JW', 'Jeugdwet'), ('WMO', 'Wet maatschappelijke ondersteuning');
INSERT INTO gemeente (cbs_code, naam, geldig_van, geldig_tot) VALUES
  ('0385', 'Edam-Volendam', NULL, NULL),
  ('0415', 'Landsmeer', NULL, NULL),
  ('0431', 'Oostzaan', NULL, NULL),
  ('0439', 'Purmerend', NULL, NULL),
  ('0852', 'Waterland', NULL, NULL),
  ('0880', 'Wormerland', NULL, NULL),
  ('0479', 'Zaanstad', NULL, NULL),
  ('0370', 'Beemster', NULL, '2022-01-01');
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM gemeente; DELETE FROM domein;`);
  }
}
