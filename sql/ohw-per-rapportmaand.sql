-- Onderhanden werk (OHW) as reported for one report month: the rows of the latest version of that month per
-- aanbieder, each with whether it still counts (no granted, uncredited debet prestatie for its toewijzing with
-- its ProductPeriode beginning in the row's periode month — the rule of ohw-geteld.sql). The history view:
-- what each month's report said, next to what of it a declaratie has since replaced.
-- $1 rapportmaand: text, 'YYYY-MM', the month the OHW was reported for
-- $2 aanbieder_id: integer, one aanbieder, or NULL for all
-- $3 gemeente: text, CBS code of one gemeente, or NULL for all
SELECT a.agb_code AS agb,
       r.gemeente_code AS gemeente,
       t.domein,
       r.periode AS maand,
       r.toewijzing_id::text AS toewijzing_id,
       r.bedrag_cents::text AS bedrag_cents,
       v.maand AS rapportmaand,
       v.versie,
       NOT EXISTS (
        SELECT 1
          FROM prestatie p
         WHERE p.toewijzing_id = r.toewijzing_id
           AND p.beslissing = 'toegekend' AND p.debet_credit = 'D' AND NOT p.gecrediteerd
           AND p.periode_begin >= to_date(r.periode, 'YYYY-MM')
           AND p.periode_begin < (to_date(r.periode, 'YYYY-MM') + interval '1 month')::date) AS geteld
  FROM aanbieder a
 CROSS JOIN LATERAL (
        SELECT u.id, u.maand, u.versie
          FROM ohw_upload u
         WHERE u.aanbieder_id = a.id AND u.maand = $1::bpchar
         ORDER BY u.versie DESC
         LIMIT 1) v
  JOIN ohw_regel r ON r.upload_id = v.id
  JOIN toewijzing t ON t.id = r.toewijzing_id
 WHERE ($2::integer IS NULL OR a.id = $2::integer)
   AND ($3::bpchar IS NULL OR r.gemeente_code = $3::bpchar)
 ORDER BY a.agb_code, r.gemeente_code, t.domein, r.periode, r.toewijzing_id
