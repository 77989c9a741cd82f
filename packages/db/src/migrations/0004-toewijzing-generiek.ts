import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A generieke toewijzing (JW301/WMO301 without Product) has no productcategorie, so the column must
 * allow NULL; the variant column says which kind a row is.
 */
export class ToewijzingGeneriek0004 implements MigrationInterface {
  name = 'ToewijzingGeneriek0000000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
ALTER TABLE toewijzing ALTER COLUMN productcategorie DROP NOT NULL;
-- TR374 looks up open verzoeken per client; TR379 toewijzingen by ReferentieAanbieder.
CREATE INDEX verzoek_client ON verzoek (client_id, aanbieder_id, domein);
CREATE INDEX toewijzing_referentie ON toewijzing (aanbieder_id, domein, referentie_aanbieder) WHERE referentie_aanbieder IS NOT NULL;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP INDEX toewijzing_referentie;
DROP INDEX verzoek_client;
ALTER TABLE toewijzing ALTER COLUMN productcategorie SET NOT NULL;
`);
  }
}
