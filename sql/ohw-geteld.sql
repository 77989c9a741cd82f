-- Counted onderhanden werk (OHW) at a peilmaand, one row per OHW row that counts. The definition:
--  1. per aanbieder and report month the latest version counts (earlier versions stay for audit only);
--  2. the OHW at a peilmaand is what the aanbieder's most recent report month on or before the peilmaand
--     (its latest version) says is outstanding — older report months are superseded by the newer report;
--  3. a row stops counting once a granted prestatie (toegekend, debet, not credited) for the same toewijzing
--     with its ProductPeriode beginning in the row's periode month is booked: the declaratie replaces the
--     estimate, in the month the realisatie books it to (prestatiebasis).
-- Input of the budget figures (counted OHW per aanbieder x gemeente x domein x month). Indexes: one backward
-- probe of ohw_upload (aanbieder_id, maand, versie) per aanbieder, ohw_regel (upload_id, regelnummer), and one
-- probe of prestatie (toewijzing_id) per row within the partitions of the row's month.
-- $1 peilmaand: text, 'YYYY-MM'
-- $2 aanbieder_id: integer, one aanbieder, or NULL for all
-- $3 gemeente: text, CBS code of one gemeente, or NULL for all
SELECT a.agb_code AS agb,
       r.gemeente_code AS gemeente,
       t.domein,
       r.periode AS maand,
       r.toewijzing_id::text AS toewijzing_id,
       r.bedrag_cents::text AS bedrag_cents
  FROM aanbieder a
 CROSS JOIN LATERAL (
        SELECT u.id
          FROM ohw_upload u
         WHERE u.aanbieder_id = a.id AND u.maand <= $1::bpchar
         ORDER BY u.maand DESC, u.versie DESC
         LIMIT 1) v
  JOIN ohw_regel r ON r.upload_id = v.id
  JOIN toewijzing t ON t.id = r.toewijzing_id
 WHERE ($2::integer IS NULL OR a.id = $2::integer)
   AND ($3::bpchar IS NULL OR r.gemeente_code = $3::bpchar)
   AND NOT EXISTS (
        SELECT 1
          FROM prestatie p
         WHERE p.toewijzing_id = r.toewijzing_id
           AND p.beslissing = 'toegekend' AND p.debet_credit = 'D' AND NOT p.gecrediteerd
           AND p.periode_begin >= to_date(r.periode, 'YYYY-MM')
           AND p.periode_begin < (to_date(r.periode, 'YYYY-MM') + interval '1 month')::date)
 ORDER BY a.agb_code, r.gemeente_code, t.domein, r.periode, r.toewijzing_id
