import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budget figures kept current where the work is booked (issue 11, README "Budgetbewaking"):
 *
 * - `budget_maand`: per aanbieder × gemeente × domein × year × month the realisatie (granted debets minus granted
 *   credits, by ProductPeriode month), the same by the month of the answer (kasbasis), what was declared (granted or
 *   held), what is held, and what the toewijzingen allow in the month with the instroom; `budget_gemeente_maand` the
 *   same per gemeente over all aanbieders; `ohw_maand` the counted onderhanden werk per report month and periode month. Statement-level triggers with transition tables on `prestatie` (insert and every
 *   update: a held prestatie decided later, a credited debet), on `ohw_upload`/`ohw_regel` and on `toewijzing_maand`
 *   add the difference a statement made, so no caller can forget it and nothing sums a year of prestaties.
 * - `toewijzing_maand`: what each toewijzing allows per month (volume × frequentie × the tariff valid in that month,
 *   or its budget), written by `@plafond/bewaking` with the period arithmetic of `@plafond/declaratie` whenever a
 *   toewijzing is stored or the tariffs change; its trigger rolls it up into `budget_maand`.
 * - Plafond mutations carry their delta and their date's meaning (the plafond at a peildatum is its creation plus
 *   every later mutation dated on or before the peildatum), a herverdeling links its two mutations, and a mutation
 *   read from `plafondmutaties.csv` has a key so reading the same file again adds nothing.
 * - The bestedingsruimte procedure (Contractstandaarden Wmo art. 1.5) with its dated steps.
 */
export class BudgetCijfers0008 implements MigrationInterface {
  name = 'BudgetCijfers0000000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE budget_maand (
  aanbieder_id integer NOT NULL,
  domein text NOT NULL,
  jaar integer NOT NULL,
  gemeente_code char(4) NOT NULL,
  maand smallint NOT NULL CHECK (maand BETWEEN 1 AND 12),
  realisatie_cents bigint NOT NULL DEFAULT 0,
  realisatie_kas_cents bigint NOT NULL DEFAULT 0,
  gedeclareerd_cents bigint NOT NULL DEFAULT 0,
  aangehouden_cents bigint NOT NULL DEFAULT 0,
  toegewezen_cents bigint NOT NULL DEFAULT 0,
  instroom_aantal integer NOT NULL DEFAULT 0,
  instroom_cents bigint NOT NULL DEFAULT 0,
  -- Granted by a declaratie dated after the end of the month following the ProductPeriode month.
  laat_cents bigint NOT NULL DEFAULT 0,
  -- What the month's new toewijzingen allow in one whole month: the pace at which instroom adds cost.
  instroom_maand_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (aanbieder_id, domein, jaar, gemeente_code, maand)
);
CREATE INDEX budget_maand_gemeente ON budget_maand (gemeente_code, jaar, domein);

CREATE TABLE toewijzing_maand (
  toewijzing_id bigint NOT NULL,
  jaar integer NOT NULL,
  maand smallint NOT NULL CHECK (maand BETWEEN 1 AND 12),
  aanbieder_id integer NOT NULL,
  gemeente_code char(4) NOT NULL,
  domein text NOT NULL,
  productcategorie char(2),
  toegewezen_cents bigint NOT NULL,
  -- On the row of the toewijzing's ingangsdatum month only: 1 and what it allows over the rest of that year.
  instroom_aantal integer NOT NULL DEFAULT 0,
  instroom_cents bigint NOT NULL DEFAULT 0,
  instroom_maand_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (toewijzing_id, jaar, maand)
);
CREATE INDEX toewijzing_maand_aanbieder ON toewijzing_maand (aanbieder_id, domein, jaar);
-- The new toewijzingen of a year (their ingangsdatum month's row), per aanbieder and per gemeente: the instroom detail.
CREATE INDEX toewijzing_maand_instroom ON toewijzing_maand (aanbieder_id, jaar) WHERE instroom_aantal > 0;
CREATE INDEX toewijzing_maand_instroom_gemeente ON toewijzing_maand (gemeente_code, jaar) WHERE instroom_aantal > 0;

-- The same figures rolled up per gemeente × domein × month (all aanbieders): what a gemeente, a domein or the region
-- reads without summing every aanbieder's rows.
CREATE TABLE budget_gemeente_maand (LIKE budget_maand INCLUDING DEFAULTS);
ALTER TABLE budget_gemeente_maand DROP COLUMN aanbieder_id, ADD PRIMARY KEY (domein, jaar, gemeente_code, maand);

-- Adds figures to budget_maand and its gemeente roll-up, in key order (two transactions adding to the same rows lock
-- them in one order). delta: positional rows (aanbieder, domein, jaar, gemeente, maand, then the nine figures in column order).
CREATE FUNCTION budget_maand_bij(delta jsonb) RETURNS void LANGUAGE sql AS $$
  WITH d AS (
    SELECT (r->>0)::int AS aanbieder_id, r->>1 AS domein, (r->>2)::int AS jaar, (r->>3)::char(4) AS gemeente_code, (r->>4)::smallint AS maand,
           (r->>5)::bigint AS a, (r->>6)::bigint AS b, (r->>7)::bigint AS c, (r->>8)::bigint AS e, (r->>9)::bigint AS g,
           (r->>10)::int AS h, (r->>11)::bigint AS i, (r->>12)::bigint AS l, (r->>13)::bigint AS m
      FROM jsonb_array_elements(delta) r),
  per_aanbieder AS (
    INSERT INTO budget_maand AS b (aanbieder_id, domein, jaar, gemeente_code, maand, realisatie_cents, realisatie_kas_cents,
      gedeclareerd_cents, aangehouden_cents, toegewezen_cents, instroom_aantal, instroom_cents, laat_cents, instroom_maand_cents)
    SELECT aanbieder_id, domein, jaar, gemeente_code, maand, sum(a), sum(b), sum(c), sum(e), sum(g), sum(h), sum(i), sum(l), sum(m)
      FROM d GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (aanbieder_id, domein, jaar, gemeente_code, maand) DO UPDATE SET
      realisatie_cents = b.realisatie_cents + EXCLUDED.realisatie_cents,
      realisatie_kas_cents = b.realisatie_kas_cents + EXCLUDED.realisatie_kas_cents,
      gedeclareerd_cents = b.gedeclareerd_cents + EXCLUDED.gedeclareerd_cents,
      aangehouden_cents = b.aangehouden_cents + EXCLUDED.aangehouden_cents,
      toegewezen_cents = b.toegewezen_cents + EXCLUDED.toegewezen_cents,
      instroom_aantal = b.instroom_aantal + EXCLUDED.instroom_aantal,
      instroom_cents = b.instroom_cents + EXCLUDED.instroom_cents,
      laat_cents = b.laat_cents + EXCLUDED.laat_cents,
      instroom_maand_cents = b.instroom_maand_cents + EXCLUDED.instroom_maand_cents)
  INSERT INTO budget_gemeente_maand AS b (domein, jaar, gemeente_code, maand, realisatie_cents, realisatie_kas_cents,
    gedeclareerd_cents, aangehouden_cents, toegewezen_cents, instroom_aantal, instroom_cents, laat_cents, instroom_maand_cents)
  SELECT domein, jaar, gemeente_code, maand, sum(a), sum(b), sum(c), sum(e), sum(g), sum(h), sum(i), sum(l), sum(m)
    FROM d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (domein, jaar, gemeente_code, maand) DO UPDATE SET
    realisatie_cents = b.realisatie_cents + EXCLUDED.realisatie_cents,
    realisatie_kas_cents = b.realisatie_kas_cents + EXCLUDED.realisatie_kas_cents,
    gedeclareerd_cents = b.gedeclareerd_cents + EXCLUDED.gedeclareerd_cents,
    aangehouden_cents = b.aangehouden_cents + EXCLUDED.aangehouden_cents,
    toegewezen_cents = b.toegewezen_cents + EXCLUDED.toegewezen_cents,
    instroom_aantal = b.instroom_aantal + EXCLUDED.instroom_aantal,
    instroom_cents = b.instroom_cents + EXCLUDED.instroom_cents,
    laat_cents = b.laat_cents + EXCLUDED.laat_cents,
    instroom_maand_cents = b.instroom_maand_cents + EXCLUDED.instroom_maand_cents
$$;

-- Counted onderhanden werk, as \`sql/ohw-geteld.sql\` of the onderhanden-werk issue defines it, kept per report month:
-- the rows of the latest version of each aanbieder's report for a month, by their periode month, without the rows
-- whose toewijzing has a granted, not credited debet with its ProductPeriode beginning in that month (the declaratie
-- replaced the estimate). The OHW at a peilmaand is the aanbieder's most recent report month on or before it.
CREATE VIEW ohw_geteld AS
SELECT u.aanbieder_id, t.domein, r.gemeente_code, u.maand AS rapportmaand, r.periode, r.toewijzing_id, r.id AS ohw_regel_id, r.bedrag_cents
  FROM ohw_upload u
  JOIN ohw_regel r ON r.upload_id = u.id
  JOIN toewijzing t ON t.id = r.toewijzing_id
 WHERE u.versie = (SELECT max(v.versie) FROM ohw_upload v WHERE v.aanbieder_id = u.aanbieder_id AND v.maand = u.maand)
   AND NOT EXISTS (SELECT 1 FROM prestatie p WHERE p.toewijzing_id = r.toewijzing_id AND p.beslissing = 'toegekend' AND p.debet_credit = 'D'
                     AND NOT p.gecrediteerd AND p.periode_begin >= to_date(r.periode, 'YYYY-MM')
                     AND p.periode_begin < to_date(r.periode, 'YYYY-MM') + interval '1 month');

-- That, summed per aanbieder × report month × domein × gemeente × periode month; kept by the triggers below.
CREATE TABLE ohw_maand (
  aanbieder_id integer NOT NULL,
  rapportmaand char(7) NOT NULL,
  domein text NOT NULL,
  gemeente_code char(4) NOT NULL,
  jaar integer NOT NULL,
  maand smallint NOT NULL CHECK (maand BETWEEN 1 AND 12),
  ohw_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (aanbieder_id, rapportmaand, domein, gemeente_code, jaar, maand)
);
CREATE INDEX ohw_maand_gemeente ON ohw_maand (gemeente_code, jaar);

-- delta: positional rows (aanbieder, rapportmaand, domein, gemeente, periode 'YYYY-MM', cents), added in key order.
CREATE FUNCTION ohw_maand_bij(delta jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO ohw_maand AS o (aanbieder_id, rapportmaand, domein, gemeente_code, jaar, maand, ohw_cents)
  SELECT (r->>0)::int, r->>1, r->>2, r->>3, substr(r->>4, 1, 4)::int, substr(r->>4, 6, 2)::smallint, sum((r->>5)::bigint)
    FROM jsonb_array_elements(delta) r GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (aanbieder_id, rapportmaand, domein, gemeente_code, jaar, maand) DO UPDATE SET ohw_cents = o.ohw_cents + EXCLUDED.ohw_cents
$$;
`);

    // The prestatie triggers: one body, for INSERT (rows of 'nieuw' count +1) and UPDATE (also 'oud' at -1).
    const prestatieBody = (rijen: string) => `
DECLARE
  delta jsonb;
BEGIN
  -- Each prestatie with its kasbasis date (the dagtekening of its declaratie's answer, else the day it was decided)
  -- and whether it was declared late (by a declaratie dated after the end of the month following its ProductPeriode
  -- month): one index probe per declaratie of the statement, normally one.
  WITH r0 AS (${rijen}),
  dk AS (SELECT d.id, d.dagtekening, a.dagtekening AS antwoord FROM declaratie d LEFT JOIN bericht a ON a.id = d.antwoord_bericht_id
          WHERE d.id IN (SELECT DISTINCT declaratie_id FROM r0)),
  r AS (SELECT r0.*, coalesce(dk.antwoord, r0.beslist_op::date, current_date) AS k,
               r0.beslissing = 'toegekend' AND coalesce(dk.dagtekening > (date_trunc('month', r0.periode_begin) + interval '2 months - 1 day')::date, false) AS laat
          FROM r0 LEFT JOIN dk ON dk.id = r0.declaratie_id),
  d AS (
    SELECT aanbieder_id, domein, extract(year FROM periode_begin)::int AS jaar, gemeente_code, extract(month FROM periode_begin)::int AS maand,
           sum(CASE WHEN beslissing = 'toegekend' THEN s * coalesce(toegekend_cents, 0) ELSE 0 END) AS realisatie, 0::numeric AS kas,
           sum(CASE WHEN beslissing IN ('toegekend', 'aangehouden') THEN s * ingediend_cents ELSE 0 END) AS gedeclareerd,
           sum(CASE WHEN beslissing = 'aangehouden' THEN s * ingediend_cents ELSE 0 END) AS aangehouden,
           sum(CASE WHEN beslissing = 'toegekend' AND laat THEN s * coalesce(toegekend_cents, 0) ELSE 0 END) AS laat
      FROM r GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT aanbieder_id, domein, extract(year FROM k)::int, gemeente_code, extract(month FROM k)::int, 0, sum(s * coalesce(toegekend_cents, 0)), 0, 0, 0
      FROM r WHERE r.beslissing = 'toegekend'
     GROUP BY 1, 2, 3, 4, 5),
  som AS (SELECT aanbieder_id, domein, jaar, gemeente_code, maand, sum(realisatie) AS a, sum(kas) AS b, sum(gedeclareerd) AS c, sum(aangehouden) AS e,
                 sum(laat) AS l
            FROM d GROUP BY 1, 2, 3, 4, 5)
  SELECT jsonb_agg(jsonb_build_array(aanbieder_id, domein, jaar, gemeente_code, maand, a::text, b::text, c::text, e::text, '0', '0', '0', l::text, '0'))
    INTO delta FROM som WHERE a <> 0 OR b <> 0 OR c <> 0 OR e <> 0 OR l <> 0;
  IF delta IS NOT NULL THEN PERFORM budget_maand_bij(delta); END IF;
  RETURN NULL;
END`;
    const kolommen = 'aanbieder_id, domein, gemeente_code, periode_begin, declaratie_id, beslist_op, beslissing, toegekend_cents, ingediend_cents';
    const teken = `CASE debet_credit WHEN 'D' THEN 1 ELSE -1 END`;
    await q.query(`
CREATE FUNCTION budget_prestatie_insert() RETURNS trigger LANGUAGE plpgsql AS $$${prestatieBody(`SELECT ${kolommen}, ${teken} AS s FROM nieuw`)} $$;
CREATE FUNCTION budget_prestatie_update() RETURNS trigger LANGUAGE plpgsql AS $$${prestatieBody(
      `SELECT ${kolommen}, ${teken} AS s FROM nieuw UNION ALL SELECT ${kolommen}, -${teken} FROM oud`)} $$;
CREATE TRIGGER prestatie_budget_insert AFTER INSERT ON prestatie
  REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION budget_prestatie_insert();
CREATE TRIGGER prestatie_budget_update AFTER UPDATE ON prestatie
  REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION budget_prestatie_update();

-- The OHW rows of given uploads that count (whatever their version), as positional delta rows with a sign.
CREATE FUNCTION ohw_rijen_geteld(uploads bigint[], teken integer) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_agg(jsonb_build_array(g.aanbieder_id, g.maand, g.domein, g.gemeente_code, g.periode, (teken * g.bedrag)::text))
    FROM (SELECT u.aanbieder_id, u.maand, t.domein, r.gemeente_code, r.periode, sum(r.bedrag_cents) AS bedrag
            FROM ohw_upload u JOIN ohw_regel r ON r.upload_id = u.id JOIN toewijzing t ON t.id = r.toewijzing_id
           WHERE u.id = ANY(uploads)
             AND NOT EXISTS (SELECT 1 FROM prestatie p WHERE p.toewijzing_id = r.toewijzing_id AND p.beslissing = 'toegekend' AND p.debet_credit = 'D'
                               AND NOT p.gecrediteerd AND p.periode_begin >= to_date(r.periode, 'YYYY-MM')
                               AND p.periode_begin < to_date(r.periode, 'YYYY-MM') + interval '1 month')
           GROUP BY 1, 2, 3, 4, 5) g
   WHERE g.bedrag <> 0
$$;

-- A new OHW version replaces the previous one of that aanbieder and report month: what that one counted stops counting.
CREATE FUNCTION ohw_upload_budget() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta jsonb;
BEGIN
  delta := ohw_rijen_geteld(ARRAY(
    SELECT u.id FROM nieuw n JOIN ohw_upload u ON u.aanbieder_id = n.aanbieder_id AND u.maand = n.maand
       AND u.versie = (SELECT max(x.versie) FROM ohw_upload x WHERE x.aanbieder_id = n.aanbieder_id AND x.maand = n.maand AND x.versie < n.versie)), -1);
  IF delta IS NOT NULL THEN PERFORM ohw_maand_bij(delta); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ohw_upload_budget AFTER INSERT ON ohw_upload
  REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION ohw_upload_budget();

-- Rows of the latest version of their report count, unless a granted debet already covers them. Only the rows this
-- statement inserted: the upload's earlier rows were counted by their own statements.
CREATE FUNCTION ohw_regel_budget() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_array(g.aanbieder_id, g.maand, g.domein, g.gemeente_code, g.periode, g.bedrag::text)) INTO delta
    FROM (SELECT u.aanbieder_id, u.maand, t.domein, n.gemeente_code, n.periode, sum(n.bedrag_cents) AS bedrag
            FROM nieuw n JOIN ohw_upload u ON u.id = n.upload_id JOIN toewijzing t ON t.id = n.toewijzing_id
           WHERE u.versie = (SELECT max(x.versie) FROM ohw_upload x WHERE x.aanbieder_id = u.aanbieder_id AND x.maand = u.maand)
             AND NOT EXISTS (SELECT 1 FROM prestatie p WHERE p.toewijzing_id = n.toewijzing_id AND p.beslissing = 'toegekend' AND p.debet_credit = 'D'
                               AND NOT p.gecrediteerd AND p.periode_begin >= to_date(n.periode, 'YYYY-MM')
                               AND p.periode_begin < to_date(n.periode, 'YYYY-MM') + interval '1 month')
           GROUP BY 1, 2, 3, 4, 5) g
   WHERE g.bedrag <> 0;
  IF delta IS NOT NULL THEN PERFORM ohw_maand_bij(delta); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ohw_regel_budget AFTER INSERT ON ohw_regel
  REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION ohw_regel_budget();
`);

    // OHW rows stop counting when their toewijzing × month gets its first granted, not credited debet, and count again
    // when the last one is credited. Per toewijzing × month the statement touched (and only where OHW rows exist):
    // covered before and after the statement; where that changed, the rows of every report's latest version move.
    const ohwBody = (geraakt: string, eerder: string) => `
DECLARE
  delta jsonb;
BEGIN
  WITH kk AS (SELECT DISTINCT toewijzing_id, date_trunc('month', periode_begin)::date AS m FROM (${geraakt}) x WHERE toewijzing_id IS NOT NULL),
  k AS (SELECT kk.* FROM kk WHERE EXISTS (SELECT 1 FROM ohw_regel o WHERE o.toewijzing_id = kk.toewijzing_id AND o.periode = to_char(kk.m, 'YYYY-MM'))),
  st AS (
    SELECT k.*,
      EXISTS (SELECT 1 FROM prestatie p WHERE p.toewijzing_id = k.toewijzing_id AND p.periode_begin >= k.m AND p.periode_begin < k.m + interval '1 month'
                AND p.beslissing = 'toegekend' AND p.debet_credit = 'D' AND NOT p.gecrediteerd) AS na,
      EXISTS (SELECT 1 FROM prestatie p WHERE p.toewijzing_id = k.toewijzing_id AND p.periode_begin >= k.m AND p.periode_begin < k.m + interval '1 month'
                AND p.beslissing = 'toegekend' AND p.debet_credit = 'D' AND NOT p.gecrediteerd AND p.id NOT IN (SELECT id FROM nieuw))
        ${eerder} AS voor
      FROM k)
  SELECT jsonb_agg(jsonb_build_array(g.aanbieder_id, g.maand, g.domein, g.gemeente_code, g.periode, g.bedrag::text)) INTO delta
    FROM (SELECT u.aanbieder_id, u.maand, t.domein, r.gemeente_code, r.periode, sum(CASE WHEN st.na THEN -r.bedrag_cents ELSE r.bedrag_cents END) AS bedrag
            FROM st JOIN ohw_regel r ON r.toewijzing_id = st.toewijzing_id AND r.periode = to_char(st.m, 'YYYY-MM')
            JOIN ohw_upload u ON u.id = r.upload_id JOIN toewijzing t ON t.id = r.toewijzing_id
           WHERE st.na <> st.voor AND u.versie = (SELECT max(v.versie) FROM ohw_upload v WHERE v.aanbieder_id = u.aanbieder_id AND v.maand = u.maand)
           GROUP BY 1, 2, 3, 4, 5) g
   WHERE g.bedrag <> 0;
  IF delta IS NOT NULL THEN PERFORM ohw_maand_bij(delta); END IF;
  RETURN NULL;
END`;
    await q.query(`
CREATE FUNCTION ohw_prestatie_insert() RETURNS trigger LANGUAGE plpgsql AS $$${ohwBody('SELECT toewijzing_id, periode_begin FROM nieuw', '')} $$;
CREATE FUNCTION ohw_prestatie_update() RETURNS trigger LANGUAGE plpgsql AS $$${ohwBody(
      'SELECT toewijzing_id, periode_begin FROM nieuw UNION ALL SELECT toewijzing_id, periode_begin FROM oud',
      `OR EXISTS (SELECT 1 FROM oud p WHERE p.toewijzing_id = k.toewijzing_id AND p.periode_begin >= k.m AND p.periode_begin < k.m + interval '1 month'
                AND p.beslissing = 'toegekend' AND p.debet_credit = 'D' AND NOT p.gecrediteerd)`)} $$;
CREATE TRIGGER prestatie_ohw_insert AFTER INSERT ON prestatie
  REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION ohw_prestatie_insert();
CREATE TRIGGER prestatie_ohw_update AFTER UPDATE ON prestatie
  REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION ohw_prestatie_update();
`);

    const toewijzingBody = (rijen: string) => `
DECLARE
  delta jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_array(aanbieder_id, domein, jaar, gemeente_code, maand, '0', '0', '0', '0', a::text, b::text, c::text, '0', m::text))
    INTO delta
    FROM (SELECT aanbieder_id, domein, jaar, gemeente_code, maand, sum(a) AS a, sum(b) AS b, sum(c) AS c, sum(m) AS m
            FROM (${rijen}) r GROUP BY 1, 2, 3, 4, 5) g
   WHERE a <> 0 OR b <> 0 OR c <> 0 OR m <> 0;
  IF delta IS NOT NULL THEN PERFORM budget_maand_bij(delta); END IF;
  RETURN NULL;
END`;
    const tk = 'aanbieder_id, domein, jaar, gemeente_code, maand';
    await q.query(`
CREATE FUNCTION budget_toewijzing_maand_insert() RETURNS trigger LANGUAGE plpgsql AS $$${toewijzingBody(
      `SELECT ${tk}, toegewezen_cents AS a, instroom_aantal AS b, instroom_cents AS c, instroom_maand_cents AS m FROM nieuw`)} $$;
CREATE FUNCTION budget_toewijzing_maand_delete() RETURNS trigger LANGUAGE plpgsql AS $$${toewijzingBody(
      `SELECT ${tk}, -toegewezen_cents AS a, -instroom_aantal AS b, -instroom_cents AS c, -instroom_maand_cents AS m FROM oud`)} $$;
CREATE FUNCTION budget_toewijzing_maand_update() RETURNS trigger LANGUAGE plpgsql AS $$${toewijzingBody(
      `SELECT ${tk}, toegewezen_cents AS a, instroom_aantal AS b, instroom_cents AS c, instroom_maand_cents AS m FROM nieuw
       UNION ALL SELECT ${tk}, -toegewezen_cents, -instroom_aantal, -instroom_cents, -instroom_maand_cents FROM oud`)} $$;
CREATE TRIGGER toewijzing_maand_budget_insert AFTER INSERT ON toewijzing_maand
  REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION budget_toewijzing_maand_insert();
CREATE TRIGGER toewijzing_maand_budget_delete AFTER DELETE ON toewijzing_maand
  REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION budget_toewijzing_maand_delete();
CREATE TRIGGER toewijzing_maand_budget_update AFTER UPDATE ON toewijzing_maand
  REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION budget_toewijzing_maand_update();

-- The whole aggregate computed from scratch, for checks (tests, the national-scale benchmark) and for a rebuild.
CREATE VIEW budget_maand_herberekend AS
SELECT aanbieder_id, domein, jaar, gemeente_code, maand, sum(a)::bigint AS realisatie_cents, sum(b)::bigint AS realisatie_kas_cents,
       sum(c)::bigint AS gedeclareerd_cents, sum(e)::bigint AS aangehouden_cents,
       sum(g)::bigint AS toegewezen_cents, sum(h)::int AS instroom_aantal, sum(i)::bigint AS instroom_cents,
       sum(l)::bigint AS laat_cents, sum(m)::bigint AS instroom_maand_cents
  FROM (
    -- Every prestatie twice: at its ProductPeriode month (prestatiebasis) and at its kasbasis month.
    SELECT p.aanbieder_id, p.domein, extract(year FROM v.datum)::int AS jaar, p.gemeente_code, extract(month FROM v.datum)::int AS maand,
           CASE WHEN v.basis AND p.beslissing = 'toegekend' THEN p.s * coalesce(p.toegekend_cents, 0) ELSE 0 END AS a,
           CASE WHEN NOT v.basis AND p.beslissing = 'toegekend' THEN p.s * coalesce(p.toegekend_cents, 0) ELSE 0 END AS b,
           CASE WHEN v.basis AND p.beslissing IN ('toegekend', 'aangehouden') THEN p.s * p.ingediend_cents ELSE 0 END AS c,
           CASE WHEN v.basis AND p.beslissing = 'aangehouden' THEN p.s * p.ingediend_cents ELSE 0 END AS e, 0 AS g, 0 AS h, 0 AS i,
           CASE WHEN v.basis AND p.laat THEN p.s * coalesce(p.toegekend_cents, 0) ELSE 0 END AS l, 0 AS m
      FROM (SELECT p.aanbieder_id, p.domein, p.gemeente_code, p.periode_begin, p.beslissing, p.toegekend_cents, p.ingediend_cents,
                   CASE p.debet_credit WHEN 'D' THEN 1 ELSE -1 END AS s, coalesce(a.dagtekening, p.beslist_op::date, current_date) AS k,
                   p.beslissing = 'toegekend' AND coalesce(d.dagtekening > (date_trunc('month', p.periode_begin) + interval '2 months - 1 day')::date, false) AS laat
              FROM prestatie p LEFT JOIN declaratie d ON d.id = p.declaratie_id LEFT JOIN bericht a ON a.id = d.antwoord_bericht_id) p
     CROSS JOIN LATERAL (VALUES (p.periode_begin, true), (p.k, false)) v(datum, basis)
    UNION ALL
    SELECT aanbieder_id, domein, jaar, gemeente_code, maand, 0, 0, 0, 0, toegewezen_cents, instroom_aantal, instroom_cents, 0, instroom_maand_cents
      FROM toewijzing_maand
  ) x
 GROUP BY 1, 2, 3, 4, 5
HAVING sum(a) <> 0 OR sum(b) <> 0 OR sum(c) <> 0 OR sum(e) <> 0 OR sum(g) <> 0 OR sum(h) <> 0 OR sum(i) <> 0 OR sum(l) <> 0 OR sum(m) <> 0;

-- The rows where the aggregate (or its gemeente roll-up) and a recompute from scratch differ, both ways; rows whose
-- figures all cancelled to zero count as absent. Empty when the triggers kept everything right.
CREATE VIEW budget_maand_afwijking AS
WITH bm AS (
  SELECT aanbieder_id, domein, jaar, gemeente_code, maand, realisatie_cents, realisatie_kas_cents, gedeclareerd_cents, aangehouden_cents,
         toegewezen_cents, instroom_aantal, instroom_cents, laat_cents, instroom_maand_cents FROM budget_maand
   WHERE realisatie_cents <> 0 OR realisatie_kas_cents <> 0 OR gedeclareerd_cents <> 0 OR aangehouden_cents <> 0
      OR toegewezen_cents <> 0 OR instroom_aantal <> 0 OR instroom_cents <> 0 OR laat_cents <> 0 OR instroom_maand_cents <> 0),
h AS MATERIALIZED (SELECT * FROM budget_maand_herberekend),
g AS (
  SELECT domein, jaar, gemeente_code, maand, realisatie_cents, realisatie_kas_cents, gedeclareerd_cents, aangehouden_cents,
         toegewezen_cents, instroom_aantal, instroom_cents, laat_cents, instroom_maand_cents FROM budget_gemeente_maand
   WHERE realisatie_cents <> 0 OR realisatie_kas_cents <> 0 OR gedeclareerd_cents <> 0 OR aangehouden_cents <> 0
      OR toegewezen_cents <> 0 OR instroom_aantal <> 0 OR instroom_cents <> 0 OR laat_cents <> 0 OR instroom_maand_cents <> 0),
hg AS (
  SELECT domein, jaar, gemeente_code, maand, sum(realisatie_cents)::bigint AS realisatie_cents, sum(realisatie_kas_cents)::bigint AS realisatie_kas_cents,
         sum(gedeclareerd_cents)::bigint AS gedeclareerd_cents, sum(aangehouden_cents)::bigint AS aangehouden_cents,
         sum(toegewezen_cents)::bigint AS toegewezen_cents, sum(instroom_aantal)::int AS instroom_aantal, sum(instroom_cents)::bigint AS instroom_cents,
         sum(laat_cents)::bigint AS laat_cents, sum(instroom_maand_cents)::bigint AS instroom_maand_cents
    FROM h GROUP BY 1, 2, 3, 4)
SELECT 'budget_maand' AS tabel, 'meer' AS kant, to_jsonb(x) AS rij FROM (SELECT * FROM bm EXCEPT SELECT * FROM h) x
UNION ALL SELECT 'budget_maand', 'minder', to_jsonb(x) FROM (SELECT * FROM h EXCEPT SELECT * FROM bm) x
UNION ALL SELECT 'budget_gemeente_maand', 'meer', to_jsonb(x) FROM (SELECT * FROM g EXCEPT SELECT * FROM hg) x
UNION ALL SELECT 'budget_gemeente_maand', 'minder', to_jsonb(x) FROM (SELECT * FROM hg EXCEPT SELECT * FROM g) x
UNION ALL SELECT 'ohw_maand', 'meer', to_jsonb(x) FROM (
  SELECT aanbieder_id, rapportmaand, domein, gemeente_code, jaar, maand, ohw_cents FROM ohw_maand WHERE ohw_cents <> 0
  EXCEPT SELECT aanbieder_id, rapportmaand, domein, gemeente_code, substr(periode, 1, 4)::int, substr(periode, 6, 2)::smallint, sum(bedrag_cents)::bigint
           FROM ohw_geteld GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(bedrag_cents) <> 0) x
UNION ALL SELECT 'ohw_maand', 'minder', to_jsonb(x) FROM (
  SELECT aanbieder_id, rapportmaand, domein, gemeente_code, substr(periode, 1, 4)::int, substr(periode, 6, 2)::smallint, sum(bedrag_cents)::bigint
    FROM ohw_geteld GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(bedrag_cents) <> 0
  EXCEPT SELECT aanbieder_id, rapportmaand, domein, gemeente_code, jaar, maand, ohw_cents FROM ohw_maand WHERE ohw_cents <> 0) x;

ALTER TABLE budgetplafond_mutatie
  ADD COLUMN mutatie_cents bigint GENERATED ALWAYS AS (bedrag_nieuw_cents - coalesce(bedrag_oud_cents, 0)) STORED,
  ADD COLUMN herverdeling_id bigint,
  ADD COLUMN import_sleutel text;
CREATE UNIQUE INDEX budgetplafond_mutatie_import ON budgetplafond_mutatie (import_sleutel) WHERE import_sleutel IS NOT NULL;
CREATE TABLE plafond_herverdeling (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  van_plafond_id integer NOT NULL REFERENCES budgetplafond,
  naar_plafond_id integer NOT NULL REFERENCES budgetplafond CHECK (naar_plafond_id <> van_plafond_id),
  bedrag_cents bigint NOT NULL CHECK (bedrag_cents > 0),
  datum date NOT NULL,
  reden text NOT NULL CHECK (reden <> ''),
  door text NOT NULL CHECK (door <> ''),
  vastgelegd_op timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE budgetplafond_mutatie ADD CONSTRAINT budgetplafond_mutatie_herverdeling FOREIGN KEY (herverdeling_id) REFERENCES plafond_herverdeling;
CREATE TRIGGER plafond_herverdeling_append_only BEFORE UPDATE OR DELETE ON plafond_herverdeling
  FOR EACH ROW EXECUTE FUNCTION weiger_wijziging();

CREATE TABLE bestedingsruimte_procedure (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  jaar integer NOT NULL CHECK (jaar BETWEEN 2000 AND 2100),
  aanbieder_id integer NOT NULL REFERENCES aanbieder,
  domein text NOT NULL REFERENCES domein,
  geopend_op date NOT NULL,
  signaal text NOT NULL CHECK (signaal IN ('drempel', 'overbesteding')),
  toelichting text NOT NULL,
  vastgelegd_op timestamptz NOT NULL DEFAULT now(),
  UNIQUE (jaar, aanbieder_id, domein)
);
CREATE TABLE bestedingsruimte_stap (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  procedure_id bigint NOT NULL REFERENCES bestedingsruimte_procedure,
  stap text NOT NULL CHECK (stap IN ('waarschuwing', 'overleg', 'besluit')),
  datum date NOT NULL,
  door text NOT NULL CHECK (door <> ''),
  notitie text NOT NULL CHECK (notitie <> ''),
  vastgelegd_op timestamptz NOT NULL DEFAULT now(),
  UNIQUE (procedure_id, stap)
);
CREATE TRIGGER bestedingsruimte_stap_append_only BEFORE UPDATE OR DELETE ON bestedingsruimte_stap
  FOR EACH ROW EXECUTE FUNCTION weiger_wijziging();
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP TABLE bestedingsruimte_stap, bestedingsruimte_procedure;
ALTER TABLE budgetplafond_mutatie DROP CONSTRAINT budgetplafond_mutatie_herverdeling;
DROP TABLE plafond_herverdeling;
DROP INDEX budgetplafond_mutatie_import;
ALTER TABLE budgetplafond_mutatie DROP COLUMN mutatie_cents, DROP COLUMN herverdeling_id, DROP COLUMN import_sleutel;
DROP VIEW budget_maand_afwijking;
DROP VIEW budget_maand_herberekend;
DROP TRIGGER toewijzing_maand_budget_insert ON toewijzing_maand;
DROP TRIGGER toewijzing_maand_budget_delete ON toewijzing_maand;
DROP TRIGGER toewijzing_maand_budget_update ON toewijzing_maand;
DROP FUNCTION budget_toewijzing_maand_insert(), budget_toewijzing_maand_delete(), budget_toewijzing_maand_update();
DROP TRIGGER ohw_regel_budget ON ohw_regel;
DROP TRIGGER ohw_upload_budget ON ohw_upload;
DROP TRIGGER prestatie_ohw_insert ON prestatie;
DROP TRIGGER prestatie_ohw_update ON prestatie;
DROP FUNCTION ohw_regel_budget(), ohw_upload_budget(), ohw_rijen_geteld(bigint[], integer), ohw_prestatie_insert(), ohw_prestatie_update();
DROP TRIGGER prestatie_budget_insert ON prestatie;
DROP TRIGGER prestatie_budget_update ON prestatie;
DROP FUNCTION budget_prestatie_insert(), budget_prestatie_update();
DROP VIEW ohw_geteld;
DROP FUNCTION ohw_maand_bij(jsonb);
DROP TABLE ohw_maand;
DROP FUNCTION budget_maand_bij(jsonb);
DROP TABLE toewijzing_maand, budget_gemeente_maand, budget_maand;
`);
  }
}
