-- Uitnutting per gemeente x domein x maand: granted prestaties (credits subtracted), booked to the
-- month their ProductPeriode begins (prestatiebasis), with the running total for the year and
-- the sum of the plafonds set for that gemeente and domein. Plafonds that cover all gemeenten
-- (gemeente_code NULL) cannot be split per gemeente; they appear on rows with gemeente_code NULL.
-- $1 jaar: integer, the budget year
-- $2 agb_code: text or NULL, restrict to one aanbieder
WITH realisatie AS (
  SELECT p.gemeente_code, p.domein, date_trunc('month', p.periode_begin)::date AS maand,
         sum(CASE p.debet_credit WHEN 'C' THEN -p.toegekend_cents ELSE p.toegekend_cents END) AS toegekend_cents
    FROM prestatie p
    JOIN aanbieder a ON a.id = p.aanbieder_id
   WHERE p.beslissing = 'toegekend'
     AND p.periode_begin >= make_date($1::int, 1, 1) AND p.periode_begin < make_date($1::int + 1, 1, 1)
     AND ($2::text IS NULL OR a.agb_code = $2)
   GROUP BY 1, 2, 3
),
plafond AS (
  SELECT bp.gemeente_code, bp.domein, sum(bp.bedrag_cents) AS plafond_cents
    FROM budgetplafond bp
    JOIN aanbieder a ON a.id = bp.aanbieder_id
   WHERE bp.jaar = $1::int AND ($2::text IS NULL OR a.agb_code = $2)
   GROUP BY 1, 2
),
maanden AS (
  SELECT generate_series(make_date($1::int, 1, 1), make_date($1::int, 12, 1), interval '1 month')::date AS maand
),
sleutels AS (
  SELECT gemeente_code, domein FROM realisatie
  UNION SELECT gemeente_code, domein FROM plafond
)
SELECT s.gemeente_code,
       s.domein,
       to_char(m.maand, 'YYYY-MM') AS maand,
       coalesce(r.toegekend_cents, 0)::bigint AS toegekend_cents,
       sum(coalesce(r.toegekend_cents, 0)) OVER (PARTITION BY s.gemeente_code, s.domein ORDER BY m.maand)::bigint AS cumulatief_cents,
       pl.plafond_cents::bigint AS plafond_cents
  FROM sleutels s
 CROSS JOIN maanden m
  LEFT JOIN realisatie r ON r.gemeente_code IS NOT DISTINCT FROM s.gemeente_code AND r.domein = s.domein AND r.maand = m.maand
  LEFT JOIN plafond pl ON pl.gemeente_code IS NOT DISTINCT FROM s.gemeente_code AND pl.domein = s.domein
 ORDER BY s.gemeente_code NULLS FIRST, s.domein, m.maand
