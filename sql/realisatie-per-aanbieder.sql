-- Realisatie per aanbieder x gemeente x domein x maand: granted prestaties (credits subtracted),
-- booked to the month their ProductPeriode begins (prestatiebasis). Input of the budget figures
-- (uitnutting, prognose, signalen).
-- $1 jaar: integer, the budget year
SELECT a.agb_code,
       p.domein,
       p.gemeente_code,
       to_char(p.periode_begin, 'YYYY-MM') AS maand,
       sum(CASE p.debet_credit WHEN 'C' THEN -p.toegekend_cents ELSE p.toegekend_cents END)::text AS toegekend_cents
  FROM prestatie p
  JOIN aanbieder a ON a.id = p.aanbieder_id
 WHERE p.beslissing = 'toegekend'
   AND p.periode_begin >= make_date($1::int, 1, 1) AND p.periode_begin < make_date($1::int + 1, 1, 1)
 GROUP BY 1, 2, 3, 4
 ORDER BY 1, 2, 3, 4
