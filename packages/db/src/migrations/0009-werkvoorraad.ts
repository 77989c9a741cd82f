import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The back office's werkvoorraad (issue 13):
 *
 * - A verzoek (315/317) remembers the answers the back office sent: the 319 "in onderzoek" (at most once,
 *   TR360) and the final 301 or 319, and when it was decided. The decision itself (who, when, why) is in the
 *   audit trail.
 * - Toewijzingnummers the back office draws when it honours a verzoek come from a sequence of their own, in
 *   the top of the LDT_Nummer range (the gemeenten's case systems number below it).
 * - Processing order in worker mode. A message is decided against its aanbieder's earlier messages, so they
 *   are decided in the order of their Dagtekening and Identificatie, as `plafond verwerk` orders files. Jobs
 *   reach workers in any order, so the order key is read from the raw header when the message is stored —
 *   before anything is trusted or parsed — and a worker first processes the aanbieder's waiting messages
 *   that come before the one it holds. `volg_agb` is the aanbieder the message is about (the Ontvanger of
 *   the gemeente-side kinds 301/302/319/320, else the Afzender), `volg_orde` Dagtekening and Identificatie,
 *   compared bytewise (COLLATE "C", as JavaScript compares strings).
 */
export class Werkvoorraad0009 implements MigrationInterface {
  name = 'Werkvoorraad0000000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
ALTER TABLE verzoek
  ADD COLUMN onderzoek_bericht_id bigint REFERENCES bericht,
  ADD COLUMN antwoord_bericht_id bigint REFERENCES bericht,
  ADD COLUMN besloten_op timestamptz;
CREATE INDEX verzoek_open ON verzoek (ontvangen_op) WHERE status IN ('ontvangen', 'in_onderzoek');
CREATE INDEX declaratie_in_behandeling ON declaratie (ontvangen_op) WHERE status = 'in_behandeling';
CREATE SEQUENCE toewijzing_nummer_seq START 900000001 MINVALUE 900000001 MAXVALUE 999999999;

-- One header field from the first 4 KB of a stored message (escape-encoded, so a cut multibyte character
-- cannot fail); null when absent.
CREATE FUNCTION bericht_kopveld(inhoud bytea, veld text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT substring(encode(substring(inhoud FROM 1 FOR 4096), 'escape') FROM '<(?:[A-Za-z0-9_.-]+:)?' || veld || '>\\s*([^<\\s]+)\\s*<')
$$;
ALTER TABLE bericht
  ADD COLUMN volg_agb text GENERATED ALWAYS AS (
    CASE WHEN richting = 'in' THEN
      CASE WHEN bericht_kopveld(inhoud, 'BerichtCode') IN ('436', '437', '488', '489', '414', '415', '482', '483')
           THEN bericht_kopveld(inhoud, 'Ontvanger') ELSE bericht_kopveld(inhoud, 'Afzender') END
    END) STORED,
  ADD COLUMN volg_orde text COLLATE "C" GENERATED ALWAYS AS (
    CASE WHEN richting = 'in' THEN
      coalesce(bericht_kopveld(inhoud, 'Dagtekening'), '') || ' ' || coalesce(bericht_kopveld(inhoud, 'Identificatie'), '')
    END) STORED;
CREATE INDEX bericht_wachtend ON bericht (volg_agb, volg_orde, id) WHERE status = 'ontvangen' AND richting = 'in';
-- Outgoing toewijzingen and antwoorden that wait for the aanbieder's 302/320 (OP090: within 3 werkdagen).
CREATE INDEX bericht_uit_soort ON bericht (berichttype, ontvangen_op) WHERE richting = 'uit';
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP INDEX bericht_uit_soort;
DROP INDEX bericht_wachtend;
ALTER TABLE bericht DROP COLUMN volg_orde, DROP COLUMN volg_agb;
DROP FUNCTION bericht_kopveld(bytea, text);
DROP SEQUENCE toewijzing_nummer_seq;
DROP INDEX declaratie_in_behandeling;
DROP INDEX verzoek_open;
ALTER TABLE verzoek DROP COLUMN besloten_op, DROP COLUMN antwoord_bericht_id, DROP COLUMN onderzoek_bericht_id;
`);
  }
}
