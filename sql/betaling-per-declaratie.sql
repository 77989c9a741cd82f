-- Payment specification: every declaratie answered (JW325/WMO325) with a Dagtekening in one month, with the
-- granted amount of its answer (signed: a credit declaratie counts negative), per aanbieder and gemeente.
-- The sum per aanbieder is what is paid; the sum per gemeente is its recharge. Ties out to the 325s themselves.
-- $1 van: date, first day of the month
-- $2 tot: date, first day of the next month
SELECT a.agb_code,
       d.gemeente_code,
       d.domein,
       d.declaratie_nummer,
       ab.identificatie AS antwoord_identificatie,
       ab.dagtekening::text AS beantwoord_op,
       (CASE d.ingediend_debet_credit WHEN 'C' THEN -d.totaal_ingediend_cents ELSE d.totaal_ingediend_cents END)::text AS ingediend_cents,
       (CASE d.toegekend_debet_credit WHEN 'C' THEN -coalesce(d.totaal_toegekend_cents, 0) ELSE coalesce(d.totaal_toegekend_cents, 0) END)::text AS toegekend_cents
  FROM declaratie d
  JOIN bericht ab ON ab.id = d.antwoord_bericht_id
  JOIN aanbieder a ON a.id = d.aanbieder_id
 WHERE ab.dagtekening >= $1::date AND ab.dagtekening < $2::date
 ORDER BY a.agb_code, d.declaratie_nummer
