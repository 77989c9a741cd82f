import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budgetlijnen (percelen) tracked like the rest of the budget (issue 11 item 1 and 3, SPEC §5 "Regio → domein →
 * budgetlijn"): a budgetlijn of a domein and year covers a set of productcategorieën (`budgetlijn_categorie`, one
 * budgetlijn per category), and its figures are kept where the work is booked, as `budget_maand` and `ohw_maand` are:
 *
 * - `budget_lijn_maand`: the figures of `budget_maand` per aanbieder × gemeente × domein × budgetlijn × month, for the
 *   prestaties and toewijzingen whose productcategorie lies on a budgetlijn;
 * - `ohw_lijn_maand`: the counted onderhanden werk of `ohw_maand` the same way.
 *
 * The triggers of migration 0008 are replaced by versions that carry the productcategorie in their delta rows;
 * `budget_maand_bij` and `ohw_maand_bij` add each delta to the per-budgetlijn table too, through the category map.
 * Applied migrations are never edited, so the new bodies are written out here in full. When the category map of a
 * domein and year changes (an import of `budgetlijnen.csv`), `budget_lijn_herbouw` recomputes that domein and year's
 * per-budgetlijn rows from scratch — a rare master-data act, under a lock on the map that waits for bookings reading
 * it and holds new ones until it commits. The recompute views and `budget_maand_afwijking` cover the new tables.
 */
export class Budgetlijnen0014 implements MigrationInterface {
  name = 'Budgetlijnen0000000000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE budgetlijn_categorie (
  budgetlijn_id integer NOT NULL REFERENCES budgetlijn ON DELETE CASCADE,
  domein text NOT NULL,
  jaar integer NOT NULL,
  productcategorie char(2) NOT NULL CHECK (productcategorie ~ '^[0-9]{2}$'),
  PRIMARY KEY (domein, jaar, productcategorie)
);
CREATE INDEX budgetlijn_categorie_lijn ON budgetlijn_categorie (budgetlijn_id);

CREATE TABLE budget_lijn_maand (LIKE budget_maand INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE budget_lijn_maand ADD COLUMN budgetlijn_id integer NOT NULL,
  ADD PRIMARY KEY (aanbieder_id, domein, jaar, gemeente_code, budgetlijn_id, maand);
CREATE INDEX budget_lijn_maand_lijn ON budget_lijn_maand (budgetlijn_id, jaar);

CREATE TABLE ohw_lijn_maand (LIKE ohw_maand INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE ohw_lijn_maand ADD COLUMN budgetlijn_id integer NOT NULL,
  ADD PRIMARY KEY (aanbieder_id, rapportmaand, domein, gemeente_code, budgetlijn_id, jaar, maand);
CREATE INDEX ohw_lijn_maand_lijn ON ohw_lijn_maand (budgetlijn_id, jaar);

-- A herverdeling that carries out an accepted herverdelingsvoorstel names it (jaar|domein|budgetlijn|gemeente|peildatum):
-- the same proposal is accepted once.
ALTER TABLE plafond_herverdeling ADD COLUMN voorstel text;
CREATE UNIQUE INDEX plafond_herverdeling_voorstel ON plafond_herverdeling (voorstel, van_plafond_id, naar_plafond_id) WHERE voorstel IS NOT NULL;
`);

    // budget_maand_bij: delta rows as in 0008, with the productcategorie at position 14 (null: on no budgetlijn).
    const f = FIGUREN;
    const som = f.map((k) => `sum(${k})`).join(', ');
    const bij = (doel: string) => f.map((k) => `${k} = ${doel}.${k} + EXCLUDED.${k}`).join(',\n      ');
    await q.query(`
CREATE OR REPLACE FUNCTION budget_maand_bij(delta jsonb) RETURNS void LANGUAGE sql AS $$
  WITH d AS (
    SELECT (r->>0)::int AS aanbieder_id, r->>1 AS domein, (r->>2)::int AS jaar, (r->>3)::char(4) AS gemeente_code, (r->>4)::smallint AS maand,
           (r->>5)::bigint AS realisatie_cents, (r->>6)::bigint AS realisatie_kas_cents, (r->>7)::bigint AS gedeclareerd_cents,
           (r->>8)::bigint AS aangehouden_cents, (r->>9)::bigint AS toegewezen_cents, (r->>10)::int AS instroom_aantal,
           (r->>11)::bigint AS instroom_cents, (r->>12)::bigint AS laat_cents, (r->>13)::bigint AS instroom_maand_cents,
           (r->>14)::char(2) AS productcategorie
      FROM jsonb_array_elements(delta) r),
  per_aanbieder AS (
    INSERT INTO budget_maand AS b (aanbieder_id, domein, jaar, gemeente_code, maand, ${f.join(', ')})
    SELECT aanbieder_id, domein, jaar, gemeente_code, maand, ${som}
      FROM d GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (aanbieder_id, domein, jaar, gemeente_code, maand) DO UPDATE SET
      ${bij('b')}),
  per_lijn AS (
    INSERT INTO budget_lijn_maand AS b (aanbieder_id, domein, jaar, gemeente_code, budgetlijn_id, maand, ${f.join(', ')})
    SELECT d.aanbieder_id, d.domein, d.jaar, d.gemeente_code, c.budgetlijn_id, d.maand, ${som}
      FROM d JOIN budgetlijn_categorie c ON c.domein = d.domein AND c.jaar = d.jaar AND c.productcategorie = d.productcategorie
     GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (aanbieder_id, domein, jaar, gemeente_code, budgetlijn_id, maand) DO UPDATE SET
      ${bij('b')})
  INSERT INTO budget_gemeente_maand AS b (domein, jaar, gemeente_code, maand, ${f.join(', ')})
  SELECT domein, jaar, gemeente_code, maand, ${som}
    FROM d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (domein, jaar, gemeente_code, maand) DO UPDATE SET
    ${bij('b')}
$$;

-- ohw_maand_bij: delta rows as in 0008 (aanbieder, rapportmaand, domein, gemeente, periode, cents), with the
-- productcategorie at position 6.
CREATE OR REPLACE FUNCTION ohw_maand_bij(delta jsonb) RETURNS void LANGUAGE sql AS $$
  WITH d AS (
    SELECT (r->>0)::int AS aanbieder_id, r->>1 AS rapportmaand, r->>2 AS domein, (r->>3)::char(4) AS gemeente_code,
           substr(r->>4, 1, 4)::int AS jaar, substr(r->>4, 6, 2)::smallint AS maand, (r->>5)::bigint AS cents, (r->>6)::char(2) AS productcategorie
      FROM jsonb_array_elements(delta) r),
  per_lijn AS (
    INSERT INTO ohw_lijn_maand AS o (aanbieder_id, rapportmaand, domein, gemeente_code, budgetlijn_id, jaar, maand, ohw_cents)
    SELECT d.aanbieder_id, d.rapportmaand, d.domein, d.gemeente_code, c.budgetlijn_id, d.jaar, d.maand, sum(d.cents)
      FROM d JOIN budgetlijn_categorie c ON c.domein = d.domein AND c.jaar = d.jaar AND c.productcategorie = d.productcategorie
     GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (aanbieder_id, rapportmaand, domein, gemeente_code, budgetlijn_id, jaar, maand) DO UPDATE SET ohw_cents = o.ohw_cents + EXCLUDED.ohw_cents)
  INSERT INTO ohw_maand AS o (aanbieder_id, rapportmaand, domein, gemeente_code, jaar, maand, ohw_cents)
  SELECT aanbieder_id, rapportmaand, domein, gemeente_code, jaar, maand, sum(cents)
    FROM d GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (aanbieder_id, rapportmaand, domein, gemeente_code, jaar, maand) DO UPDATE SET ohw_cents = o.ohw_cents + EXCLUDED.ohw_cents
$$;
`);

    // The prestatie triggers of 0008, grouping by productcategorie as well.
    const prestatieBody = (rijen: string) => `
DECLARE
  delta jsonb;
BEGIN
  WITH r0 AS (${rijen}),
  dk AS (SELECT d.id, d.dagtekening, a.dagtekening AS antwoord FROM declaratie d LEFT JOIN bericht a ON a.id = d.antwoord_bericht_id
          WHERE d.id IN (SELECT DISTINCT declaratie_id FROM r0)),
  r AS (SELECT r0.*, coalesce(dk.antwoord, r0.beslist_op::date, current_date) AS k,
               r0.beslissing = 'toegekend' AND coalesce(dk.dagtekening > (date_trunc('month', r0.periode_begin) + interval '2 months - 1 day')::date, false) AS laat
          FROM r0 LEFT JOIN dk ON dk.id = r0.declaratie_id),
  d AS (
    SELECT aanbieder_id, domein, extract(year FROM periode_begin)::int AS jaar, gemeente_code, extract(month FROM periode_begin)::int AS maand, productcategorie,
           sum(CASE WHEN beslissing = 'toegekend' THEN s * coalesce(toegekend_cents, 0) ELSE 0 END) AS realisatie, 0::numeric AS kas,
           sum(CASE WHEN beslissing IN ('toegekend', 'aangehouden') THEN s * ingediend_cents ELSE 0 END) AS gedeclareerd,
           sum(CASE WHEN beslissing = 'aangehouden' THEN s * ingediend_cents ELSE 0 END) AS aangehouden,
           sum(CASE WHEN beslissing = 'toegekend' AND laat THEN s * coalesce(toegekend_cents, 0) ELSE 0 END) AS laat
      FROM r GROUP BY 1, 2, 3, 4, 5, 6
    UNION ALL
    SELECT aanbieder_id, domein, extract(year FROM k)::int, gemeente_code, extract(month FROM k)::int, productcategorie, 0, sum(s * coalesce(toegekend_cents, 0)), 0, 0, 0
      FROM r WHERE r.beslissing = 'toegekend'
     GROUP BY 1, 2, 3, 4, 5, 6),
  som AS (SELECT aanbieder_id, domein, jaar, gemeente_code, maand, productcategorie, sum(realisatie) AS a, sum(kas) AS b, sum(gedeclareerd) AS c,
                 sum(aangehouden) AS e, sum(laat) AS l
            FROM d GROUP BY 1, 2, 3, 4, 5, 6)
  SELECT jsonb_agg(jsonb_build_array(aanbieder_id, domein, jaar, gemeente_code, maand, a::text, b::text, c::text, e::text, '0', '0', '0', l::text, '0', productcategorie))
    INTO delta FROM som WHERE a <> 0 OR b <> 0 OR c <> 0 OR e <> 0 OR l <> 0;
  IF delta IS NOT NULL THEN PERFORM budget_maand_bij(delta); END IF;
  RETURN NULL;
END`;
    const kolommen = 'aanbieder_id, domein, gemeente_code, periode_begin, declaratie_id, beslist_op, beslissing, toegekend_cents, ingediend_cents, productcategorie';
    const teken = `CASE debet_credit WHEN 'D' THEN 1 ELSE -1 END`;
    await q.query(`
CREATE OR REPLACE FUNCTION budget_prestatie_insert() RETURNS trigger LANGUAGE plpgsql AS $$${prestatieBody(`SELECT ${kolommen}, ${teken} AS s FROM nieuw`)} $$;
CREATE OR REPLACE FUNCTION budget_prestatie_update() RETURNS trigger LANGUAGE plpgsql AS $$${prestatieBody(
      `SELECT ${kolommen}, ${teken} AS s FROM nieuw UNION ALL SELECT ${kolommen}, -${teken} FROM oud`)} $$;
`);

    // The OHW triggers of 0008, grouping by the OHW row's productcategorie as well.
    const telt = (r: string) => `NOT EXISTS (SELECT 1 FROM prestatie p WHERE p.toewijzing_id = ${r}.toewijzing_id AND p.beslissing = 'toegekend' AND p.debet_credit = 'D'
                               AND NOT p.gecrediteerd AND p.periode_begin >= to_date(${r}.periode, 'YYYY-MM')
                               AND p.periode_begin < to_date(${r}.periode, 'YYYY-MM') + interval '1 month')`;
    const delta = (teken: string) => `jsonb_agg(jsonb_build_array(g.aanbieder_id, g.maand, g.domein, g.gemeente_code, g.periode, (${teken}g.bedrag)::text, g.productcategorie))`;
    await q.query(`
CREATE OR REPLACE FUNCTION ohw_rijen_geteld(uploads bigint[], teken integer) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT ${delta('teken * ')}
    FROM (SELECT u.aanbieder_id, u.maand, t.domein, r.gemeente_code, r.periode, r.productcategorie, sum(r.bedrag_cents) AS bedrag
            FROM ohw_upload u JOIN ohw_regel r ON r.upload_id = u.id JOIN toewijzing t ON t.id = r.toewijzing_id
           WHERE u.id = ANY(uploads) AND ${telt('r')}
           GROUP BY 1, 2, 3, 4, 5, 6) g
   WHERE g.bedrag <> 0
$$;

CREATE OR REPLACE FUNCTION ohw_regel_budget() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta jsonb;
BEGIN
  SELECT ${delta('')} INTO delta
    FROM (SELECT u.aanbieder_id, u.maand, t.domein, n.gemeente_code, n.periode, n.productcategorie, sum(n.bedrag_cents) AS bedrag
            FROM nieuw n JOIN ohw_upload u ON u.id = n.upload_id JOIN toewijzing t ON t.id = n.toewijzing_id
           WHERE u.versie = (SELECT max(x.versie) FROM ohw_upload x WHERE x.aanbieder_id = u.aanbieder_id AND x.maand = u.maand)
             AND ${telt('n')}
           GROUP BY 1, 2, 3, 4, 5, 6) g
   WHERE g.bedrag <> 0;
  IF delta IS NOT NULL THEN PERFORM ohw_maand_bij(delta); END IF;
  RETURN NULL;
END $$;
`);

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
  SELECT ${delta('')} INTO delta
    FROM (SELECT u.aanbieder_id, u.maand, t.domein, r.gemeente_code, r.periode, r.productcategorie,
                 sum(CASE WHEN st.na THEN -r.bedrag_cents ELSE r.bedrag_cents END) AS bedrag
            FROM st JOIN ohw_regel r ON r.toewijzing_id = st.toewijzing_id AND r.periode = to_char(st.m, 'YYYY-MM')
            JOIN ohw_upload u ON u.id = r.upload_id JOIN toewijzing t ON t.id = r.toewijzing_id
           WHERE st.na <> st.voor AND u.versie = (SELECT max(v.versie) FROM ohw_upload v WHERE v.aanbieder_id = u.aanbieder_id AND v.maand = u.maand)
           GROUP BY 1, 2, 3, 4, 5, 6) g
   WHERE g.bedrag <> 0;
  IF delta IS NOT NULL THEN PERFORM ohw_maand_bij(delta); END IF;
  RETURN NULL;
END`;
    await q.query(`
CREATE OR REPLACE FUNCTION ohw_prestatie_insert() RETURNS trigger LANGUAGE plpgsql AS $$${ohwBody('SELECT toewijzing_id, periode_begin FROM nieuw', '')} $$;
CREATE OR REPLACE FUNCTION ohw_prestatie_update() RETURNS trigger LANGUAGE plpgsql AS $$${ohwBody(
      'SELECT toewijzing_id, periode_begin FROM nieuw UNION ALL SELECT toewijzing_id, periode_begin FROM oud',
      `OR EXISTS (SELECT 1 FROM oud p WHERE p.toewijzing_id = k.toewijzing_id AND p.periode_begin >= k.m AND p.periode_begin < k.m + interval '1 month'
                AND p.beslissing = 'toegekend' AND p.debet_credit = 'D' AND NOT p.gecrediteerd)`)} $$;
`);

    // The toewijzing_maand triggers of 0008, with the toewijzing's productcategorie.
    const toewijzingBody = (rijen: string) => `
DECLARE
  delta jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_array(aanbieder_id, domein, jaar, gemeente_code, maand, '0', '0', '0', '0', a::text, b::text, c::text, '0', m::text, productcategorie))
    INTO delta
    FROM (SELECT aanbieder_id, domein, jaar, gemeente_code, maand, productcategorie, sum(a) AS a, sum(b) AS b, sum(c) AS c, sum(m) AS m
            FROM (${rijen}) r GROUP BY 1, 2, 3, 4, 5, 6) g
   WHERE a <> 0 OR b <> 0 OR c <> 0 OR m <> 0;
  IF delta IS NOT NULL THEN PERFORM budget_maand_bij(delta); END IF;
  RETURN NULL;
END`;
    const tk = 'aanbieder_id, domein, jaar, gemeente_code, maand, productcategorie';
    await q.query(`
CREATE OR REPLACE FUNCTION budget_toewijzing_maand_insert() RETURNS trigger LANGUAGE plpgsql AS $$${toewijzingBody(
      `SELECT ${tk}, toegewezen_cents AS a, instroom_aantal AS b, instroom_cents AS c, instroom_maand_cents AS m FROM nieuw`)} $$;
CREATE OR REPLACE FUNCTION budget_toewijzing_maand_delete() RETURNS trigger LANGUAGE plpgsql AS $$${toewijzingBody(
      `SELECT ${tk}, -toegewezen_cents AS a, -instroom_aantal AS b, -instroom_cents AS c, -instroom_maand_cents AS m FROM oud`)} $$;
CREATE OR REPLACE FUNCTION budget_toewijzing_maand_update() RETURNS trigger LANGUAGE plpgsql AS $$${toewijzingBody(
      `SELECT ${tk}, toegewezen_cents AS a, instroom_aantal AS b, instroom_cents AS c, instroom_maand_cents AS m FROM nieuw
       UNION ALL SELECT ${tk}, -toegewezen_cents, -instroom_aantal, -instroom_cents, -instroom_maand_cents FROM oud`)} $$;
`);

    // Recompute views: per productcategorie first, the per-aanbieder and per-budgetlijn figures summed from it.
    const nietNul = f.map((k) => `sum(${k}) <> 0`).join(' OR ');
    const somAls = f.map((k) => `sum(${k})::${k === 'instroom_aantal' ? 'int' : 'bigint'} AS ${k}`).join(', ');
    await q.query(`
CREATE VIEW budget_categorie_maand_herberekend AS
SELECT aanbieder_id, domein, jaar, gemeente_code, maand, productcategorie, sum(a)::bigint AS realisatie_cents, sum(b)::bigint AS realisatie_kas_cents,
       sum(c)::bigint AS gedeclareerd_cents, sum(e)::bigint AS aangehouden_cents,
       sum(g)::bigint AS toegewezen_cents, sum(h)::int AS instroom_aantal, sum(i)::bigint AS instroom_cents,
       sum(l)::bigint AS laat_cents, sum(m)::bigint AS instroom_maand_cents
  FROM (
    SELECT p.aanbieder_id, p.domein, extract(year FROM v.datum)::int AS jaar, p.gemeente_code, extract(month FROM v.datum)::int AS maand, p.productcategorie,
           CASE WHEN v.basis AND p.beslissing = 'toegekend' THEN p.s * coalesce(p.toegekend_cents, 0) ELSE 0 END AS a,
           CASE WHEN NOT v.basis AND p.beslissing = 'toegekend' THEN p.s * coalesce(p.toegekend_cents, 0) ELSE 0 END AS b,
           CASE WHEN v.basis AND p.beslissing IN ('toegekend', 'aangehouden') THEN p.s * p.ingediend_cents ELSE 0 END AS c,
           CASE WHEN v.basis AND p.beslissing = 'aangehouden' THEN p.s * p.ingediend_cents ELSE 0 END AS e, 0 AS g, 0 AS h, 0 AS i,
           CASE WHEN v.basis AND p.laat THEN p.s * coalesce(p.toegekend_cents, 0) ELSE 0 END AS l, 0 AS m
      FROM (SELECT p.aanbieder_id, p.domein, p.gemeente_code, p.periode_begin, p.productcategorie, p.beslissing, p.toegekend_cents, p.ingediend_cents,
                   CASE p.debet_credit WHEN 'D' THEN 1 ELSE -1 END AS s, coalesce(a.dagtekening, p.beslist_op::date, current_date) AS k,
                   p.beslissing = 'toegekend' AND coalesce(d.dagtekening > (date_trunc('month', p.periode_begin) + interval '2 months - 1 day')::date, false) AS laat
              FROM prestatie p LEFT JOIN declaratie d ON d.id = p.declaratie_id LEFT JOIN bericht a ON a.id = d.antwoord_bericht_id) p
     CROSS JOIN LATERAL (VALUES (p.periode_begin, true), (p.k, false)) v(datum, basis)
    UNION ALL
    SELECT aanbieder_id, domein, jaar, gemeente_code, maand, productcategorie, 0, 0, 0, 0, toegewezen_cents, instroom_aantal, instroom_cents, 0, instroom_maand_cents
      FROM toewijzing_maand
  ) x
 GROUP BY 1, 2, 3, 4, 5, 6;

CREATE OR REPLACE VIEW budget_maand_herberekend AS
SELECT aanbieder_id, domein, jaar, gemeente_code, maand, ${somAls}
  FROM budget_categorie_maand_herberekend GROUP BY 1, 2, 3, 4, 5 HAVING ${nietNul};

CREATE VIEW budget_lijn_maand_herberekend AS
SELECT h.aanbieder_id, h.domein, h.jaar, h.gemeente_code, c.budgetlijn_id, h.maand, ${somAls}
  FROM budget_categorie_maand_herberekend h
  JOIN budgetlijn_categorie c ON c.domein = h.domein AND c.jaar = h.jaar AND c.productcategorie = h.productcategorie
 GROUP BY 1, 2, 3, 4, 5, 6 HAVING ${nietNul};

CREATE OR REPLACE VIEW ohw_geteld AS
SELECT u.aanbieder_id, t.domein, r.gemeente_code, u.maand AS rapportmaand, r.periode, r.toewijzing_id, r.id AS ohw_regel_id, r.bedrag_cents, r.productcategorie
  FROM ohw_upload u
  JOIN ohw_regel r ON r.upload_id = u.id
  JOIN toewijzing t ON t.id = r.toewijzing_id
 WHERE u.versie = (SELECT max(v.versie) FROM ohw_upload v WHERE v.aanbieder_id = u.aanbieder_id AND v.maand = u.maand)
   AND NOT EXISTS (SELECT 1 FROM prestatie p WHERE p.toewijzing_id = r.toewijzing_id AND p.beslissing = 'toegekend' AND p.debet_credit = 'D'
                     AND NOT p.gecrediteerd AND p.periode_begin >= to_date(r.periode, 'YYYY-MM')
                     AND p.periode_begin < to_date(r.periode, 'YYYY-MM') + interval '1 month');

CREATE VIEW ohw_lijn_maand_herberekend AS
SELECT o.aanbieder_id, o.rapportmaand, o.domein, o.gemeente_code, c.budgetlijn_id, substr(o.periode, 1, 4)::int AS jaar,
       substr(o.periode, 6, 2)::smallint AS maand, sum(o.bedrag_cents)::bigint AS ohw_cents
  FROM ohw_geteld o JOIN budgetlijn_categorie c ON c.domein = o.domein AND c.jaar = substr(o.periode, 1, 4)::int AND c.productcategorie = o.productcategorie
 GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(o.bedrag_cents) <> 0;

-- A domein and year's per-budgetlijn rows recomputed from scratch: after its category map changed.
CREATE FUNCTION budget_lijn_herbouw(p_domein text, p_jaar integer) RETURNS void LANGUAGE sql AS $$
  DELETE FROM budget_lijn_maand WHERE domein = p_domein AND jaar = p_jaar;
  INSERT INTO budget_lijn_maand (aanbieder_id, domein, jaar, gemeente_code, budgetlijn_id, maand, ${f.join(', ')})
  SELECT aanbieder_id, domein, jaar, gemeente_code, budgetlijn_id, maand, ${f.join(', ')}
    FROM budget_lijn_maand_herberekend WHERE domein = p_domein AND jaar = p_jaar;
  DELETE FROM ohw_lijn_maand WHERE domein = p_domein AND jaar = p_jaar;
  INSERT INTO ohw_lijn_maand (aanbieder_id, rapportmaand, domein, gemeente_code, budgetlijn_id, jaar, maand, ohw_cents)
  SELECT aanbieder_id, rapportmaand, domein, gemeente_code, budgetlijn_id, jaar, maand, ohw_cents
    FROM ohw_lijn_maand_herberekend WHERE domein = p_domein AND jaar = p_jaar;
$$;
`);

    // The check view: every kept table against its recompute (one pass over the prestaties for all of them).
    const kolom = (prefix: string) => `aanbieder_id, domein, jaar, gemeente_code, ${prefix}maand, ${f.join(', ')}`;
    const bewaard = (tabel: string, sleutel: string) => `SELECT ${sleutel}, ${f.join(', ')} FROM ${tabel} WHERE ${f.map((k) => `${k} <> 0`).join(' OR ')}`;
    await q.query(`
CREATE OR REPLACE VIEW budget_maand_afwijking AS
WITH hc AS MATERIALIZED (SELECT * FROM budget_categorie_maand_herberekend),
h AS MATERIALIZED (SELECT ${kolom('')} FROM (SELECT aanbieder_id, domein, jaar, gemeente_code, maand, ${somAls} FROM hc GROUP BY 1, 2, 3, 4, 5 HAVING ${nietNul}) x),
bm AS (${bewaard('budget_maand', 'aanbieder_id, domein, jaar, gemeente_code, maand')}),
g AS (${bewaard('budget_gemeente_maand', 'domein, jaar, gemeente_code, maand')}),
hg AS (SELECT domein, jaar, gemeente_code, maand, ${somAls} FROM h GROUP BY 1, 2, 3, 4),
bl AS (${bewaard('budget_lijn_maand', 'aanbieder_id, domein, jaar, gemeente_code, budgetlijn_id, maand')}),
hl AS (SELECT hc.aanbieder_id, hc.domein, hc.jaar, hc.gemeente_code, c.budgetlijn_id, hc.maand, ${f.map((k) => `sum(hc.${k})::${k === 'instroom_aantal' ? 'int' : 'bigint'} AS ${k}`).join(', ')}
         FROM hc JOIN budgetlijn_categorie c ON c.domein = hc.domein AND c.jaar = hc.jaar AND c.productcategorie = hc.productcategorie
        GROUP BY 1, 2, 3, 4, 5, 6 HAVING ${f.map((k) => `sum(hc.${k}) <> 0`).join(' OR ')}),
ol AS (SELECT aanbieder_id, rapportmaand, domein, gemeente_code, budgetlijn_id, jaar, maand, ohw_cents FROM ohw_lijn_maand WHERE ohw_cents <> 0),
hol AS (SELECT * FROM ohw_lijn_maand_herberekend)
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
  EXCEPT SELECT aanbieder_id, rapportmaand, domein, gemeente_code, jaar, maand, ohw_cents FROM ohw_maand WHERE ohw_cents <> 0) x
UNION ALL SELECT 'budget_lijn_maand', 'meer', to_jsonb(x) FROM (SELECT * FROM bl EXCEPT SELECT * FROM hl) x
UNION ALL SELECT 'budget_lijn_maand', 'minder', to_jsonb(x) FROM (SELECT * FROM hl EXCEPT SELECT * FROM bl) x
UNION ALL SELECT 'ohw_lijn_maand', 'meer', to_jsonb(x) FROM (SELECT * FROM ol EXCEPT SELECT * FROM hol) x
UNION ALL SELECT 'ohw_lijn_maand', 'minder', to_jsonb(x) FROM (SELECT * FROM hol EXCEPT SELECT * FROM ol) x;
`);
  }

  async down(): Promise<void> {
    // 0008's trigger functions were replaced; putting them back is not done by hand. Restore a backup instead.
    throw new Error('migratie 0014 (budgetlijnen) is niet terug te draaien: zet een back-up terug');
  }
}

/** The figure columns of budget_maand, in the order of 0008's delta rows. */
const FIGUREN = [
  'realisatie_cents', 'realisatie_kas_cents', 'gedeclareerd_cents', 'aangehouden_cents', 'toegewezen_cents', 'instroom_aantal',
  'instroom_cents', 'laat_cents', 'instroom_maand_cents',
] as const;
