-- Missing onderhanden werk: the aanbieders with at least one toewijzing active in a month (not withdrawn, its
-- looptijd touching the month) that have no OHW version for that month. Input of the budget signal 'geen-ohw';
-- derived from the records, so a late report removes the gap and history stays right.
-- $1 maand: text, 'YYYY-MM'
SELECT a.id AS aanbieder_id,
       a.agb_code AS agb,
       a.naam,
       count(*)::integer AS actieve_toewijzingen
  FROM toewijzing t
  JOIN aanbieder a ON a.id = t.aanbieder_id
 WHERE t.status <> 'ingetrokken'
   AND t.ingangsdatum < (to_date($1::text, 'YYYY-MM') + interval '1 month')::date
   AND (t.einddatum IS NULL OR t.einddatum >= to_date($1::text, 'YYYY-MM'))
   AND NOT EXISTS (SELECT 1 FROM ohw_upload u WHERE u.aanbieder_id = a.id AND u.maand = $1::bpchar)
 GROUP BY a.id, a.agb_code, a.naam
 ORDER BY a.agb_code
