import {
  aanbiederOpAgb, berichtInfo, bevestigMailbox, controleerApiSleutel, controleerGebruiker, mailbox, mailboxBericht, schrijfAudit, slaOntvangenBerichtOp, sqlRijen,
  type DataSource,
} from '@plafond/db';
import type { BerichtJob } from '@plafond/worker-berichten';
import type { OhwJob } from '@plafond/worker-ohw';
import type { InlogBron, IntakeDeps } from './deps';
import { maakDbOhwDeps } from './ohw-deps';

/**
 * The intake use cases over the database. `verwerk` hands a stored message on: to the BullMQ queue when
 * Redis is configured, or to the in-process processor otherwise. The message is stored before it is
 * handed on, so nothing received is ever lost. With `verwerkOhw` the OHW routes are there too.
 */
export function maakDbIntakeDeps(dataSource: DataSource, verwerk: (job: BerichtJob) => Promise<void>, verwerkOhw?: (job: OhwJob) => Promise<void>): IntakeDeps {
  const aanbiederId = async (agb: string) => (await aanbiederOpAgb(dataSource, agb))?.id ?? null;
  // A failed sign-in at the intake goes to the audit trail, as one at the back office does. The name tried is kept
  // only when it has the form of an AGB code: anything else may be a password typed in the wrong field.
  const mislukt = (kanaal: 'wachtwoord' | 'api-sleutel' | 'gemeente', naam: string | null, bron?: InlogBron) =>
    schrijfAudit(dataSource, {
      actor: naam !== null && /^\d{8}$/.test(naam) ? naam : 'anoniem', action: 'intake.aanmelden.mislukt', entity: 'app_user',
      details: { kanaal, ip: bron?.ip ?? 'onbekend' },
    });
  return {
    ...(verwerkOhw && { ohw: maakDbOhwDeps(dataSource, verwerkOhw) }),
    async authenticeer(agb, wachtwoord, bron) {
      const g = await controleerGebruiker(dataSource, agb, wachtwoord);
      if (g && g.rol === 'aanbieder' && g.agbCode === agb) return { agb };
      await mislukt('wachtwoord', agb, bron);
      return null;
    },
    async authenticeerSleutel(sleutel, bron) {
      const k = await controleerApiSleutel(dataSource, sleutel);
      if (k) return { agb: k.agbCode };
      await mislukt('api-sleutel', null, bron);
      return null;
    },
    async ontvang(agb, inhoud, meta) {
      const id = await aanbiederId(agb);
      const b = await slaOntvangenBerichtOp(dataSource, { inhoud, aanbiederId: id, afzender: agb, bestandsnaam: meta.bestandsnaam ?? null, correlationId: meta.correlationId });
      await verwerk({ berichtId: b.id, correlationId: b.correlationId });
      return { berichtId: b.id, status: b.status };
    },
    async authenticeerGemeente(gebruiker, wachtwoord, bron) {
      const g = await controleerGebruiker(dataSource, gebruiker, wachtwoord);
      if (g && g.rol === 'gemeente' && g.gemeenten.length > 0) return { gemeenten: g.gemeenten };
      await mislukt('gemeente', null, bron);
      return null;
    },
    async ontvangVanGemeente(gemeente, inhoud, meta) {
      const b = await slaOntvangenBerichtOp(dataSource, { inhoud, afzender: gemeente, bestandsnaam: meta.bestandsnaam ?? null, correlationId: meta.correlationId });
      await verwerk({ berichtId: b.id, correlationId: b.correlationId });
      return { berichtId: b.id, status: b.status };
    },
    async status(agb, berichtId) {
      if (!/^\d{1,18}$/.test(berichtId)) return null;
      const id = await aanbiederId(agb);
      const b = await berichtInfo(dataSource, berichtId);
      if (!b || b.richting !== 'in' || id === null || b.aanbiederId !== id) return null;
      const u = b.uitkomst as { retourcodes?: string[]; meldingen?: { pad: string; retourcode?: string; tekst: string }[]; antwoordId?: string | null } | null;
      const meldingen = u?.meldingen ?? [];
      const retourcodes = meldingen.length
        ? meldingen.map((m) => ({ pad: m.pad, code: m.retourcode ?? '0001', omschrijving: m.tekst }))
        : (u?.retourcodes ?? []).map((code) => ({ pad: '/Bericht', code }));
      return {
        berichtId: b.id, agb, status: b.status, berichtType: b.berichttype ?? undefined, ontvangenOp: b.ontvangenOp.toISOString(),
        verwerktOp: b.verwerktOp?.toISOString(), retourcodes, antwoordId: u?.antwoordId ?? undefined,
      };
    },
    async mailbox(agb, filter) {
      const id = await aanbiederId(agb);
      if (id === null) return [];
      const items = await mailbox(dataSource, id, { sinds: filter.sinds ? new Date(filter.sinds) : undefined, limit: filter.limit });
      return items.map((m) => ({ id: m.id, type: m.berichttype, dagtekening: m.dagtekening ?? '', beschikbaarOp: m.beschikbaarOp.toISOString() }));
    },
    async haalOp(agb, berichtId) {
      if (!/^\d{1,18}$/.test(berichtId)) return null;
      const id = await aanbiederId(agb);
      if (id === null) return null;
      const xml = await mailboxBericht(dataSource, id, berichtId);
      if (!xml) return null;
      const [{ berichttype }] = await sqlRijen<{ berichttype: string }>(dataSource, 'SELECT berichttype FROM bericht WHERE id = $1', [berichtId]);
      return { id: berichtId, agb, type: berichttype, xml };
    },
    async bevestig(agb, berichtId) {
      if (!/^\d{1,18}$/.test(berichtId)) return null;
      const id = await aanbiederId(agb);
      if (id === null || !(await bevestigMailbox(dataSource, id, berichtId))) return null;
      const [{ opgehaald_op }] = await sqlRijen<{ opgehaald_op: Date }>(dataSource, 'SELECT opgehaald_op FROM mailbox WHERE bericht_id = $1', [berichtId]);
      return { id: berichtId, agb, bevestigdOp: opgehaald_op.toISOString() };
    },
  };
}
