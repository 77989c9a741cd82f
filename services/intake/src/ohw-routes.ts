import express, { type Request, type Response } from 'express';
import { isMaand, NietGevonden, ValidatieFout } from '@plafond/core';
import { agbVan } from './auth';
import type { OhwIntakeDeps, OhwStatus } from './deps';
import { HttpStatusFout } from './http-errors';
import { correlationIdVan } from './verzoek-context';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPES = ['text/csv', 'application/csv'];
const MACRO_TYPES = ['application/vnd.ms-excel.sheet.macroenabled.12', 'application/vnd.ms-excel'];
const ID = /^\d{1,18}$/;

function maandVan(req: Request): string {
  const m: unknown = req.query.maand;
  if (typeof m !== 'string' || !isMaand(m)) {
    throw new ValidatieFout('ongeldige parameters', [{ pad: 'maand', regel: 'intake.maand', tekst: 'maand is verplicht, in de vorm JJJJ-MM' }]);
  }
  return m;
}

function soortVan(req: Request): 'csv' | 'xlsx' {
  const type = (req.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === XLSX_TYPE) return 'xlsx';
  if (CSV_TYPES.includes(type)) return 'csv';
  if (MACRO_TYPES.includes(type)) throw new HttpStatusFout(415, 'werkmappen met macro\'s (.xlsm) en oude .xls-bestanden worden niet aangenomen; lever .xlsx of .csv aan');
  throw new HttpStatusFout(415, `Content-Type moet ${XLSX_TYPE} (xlsx) of text/csv zijn${type ? `, is '${type}'` : ''}`);
}

function statusJson(s: OhwStatus) {
  return {
    id: s.id, status: s.status, ontvangen_op: s.ontvangenOp, verwerkt_op: s.verwerktOp, reden: s.reden,
    ohw: { agb: s.agb, maand: s.maand, versie: s.versie, opgeslagen: s.opgeslagen, afgewezen: s.afgewezen },
    terugkoppeling: s.status === 'verwerkt' ? `/ohw/${s.id}/terugkoppeling` : undefined,
  };
}

/**
 * The OHW routes of the intake, for the logged-in aanbieder's own AGB only: the template, the upload (stored,
 * then checked by the OHW worker or in-process, so a big workbook never blocks the intake), its status with the
 * refused rows, and the feedback workbook.
 */
export function ohwRoutes(deps: OhwIntakeDeps, opties: { maxBytes: number }): express.Router {
  const r = express.Router();
  const body = express.raw({ type: [XLSX_TYPE, ...CSV_TYPES], limit: opties.maxBytes });

  r.get('/ohw/template', async (req, res) => {
    const maand = maandVan(req);
    const agb = agbVan(res);
    res.status(200).set('Content-Type', XLSX_TYPE).set('Content-Disposition', `attachment; filename="ohw-${agb}-${maand}.xlsx"`).send(await deps.template(agb, maand));
  });

  r.post('/ohw', (req, _res, next) => {
    soortVan(req);
    next();
  }, body, async (req: Request, res: Response) => {
    const maand = maandVan(req);
    const inhoud = req.body as unknown;
    if (!Buffer.isBuffer(inhoud) || inhoud.length === 0) {
      throw new ValidatieFout('leeg bestand', [{ pad: '/', regel: 'intake.leeg', tekst: 'het verzoek bevat geen bestand' }]);
    }
    const naam: unknown = req.query.bestandsnaam;
    const bestandsnaam = typeof naam === 'string' && naam.length <= 255 && !/[\u0000-\u001f\u007f]/.test(naam) ? naam : undefined;
    const o = await deps.ontvang(agbVan(res), maand, inhoud, { soort: soortVan(req), bestandsnaam, correlationId: correlationIdVan(res) });
    res.status(202).location(`/ohw/${o.berichtId}`).json({ id: o.berichtId, status: o.status });
  });

  const eigen = async (req: Request, res: Response): Promise<OhwStatus> => {
    const id = req.params.id;
    const s = typeof id === 'string' && ID.test(id) ? await deps.status(agbVan(res), id) : null;
    if (!s || s.agb !== agbVan(res)) throw new NietGevonden('OHW-upload niet gevonden');
    return s;
  };

  r.get('/ohw/:id', async (req, res) => {
    res.json(statusJson(await eigen(req, res)));
  });

  r.get('/ohw/:id/terugkoppeling', async (req, res) => {
    const s = await eigen(req, res);
    const wb = s.status === 'verwerkt' ? await deps.terugkoppeling(agbVan(res), s.id) : null;
    if (!wb) throw new NietGevonden(s.status === 'afgewezen' ? `het bestand is afgewezen: ${s.reden}` : 'de terugkoppeling is er nog niet; het bestand wordt nog gecontroleerd');
    res.status(200).set('Content-Type', XLSX_TYPE)
      .set('Content-Disposition', `attachment; filename="ohw-${s.agb}-${s.maand}-terugkoppeling.xlsx"`).send(wb);
  });
  return r;
}
