import { isMaand, NietGevonden, ValidatieFout, type Maand } from '@plafond/core';
import { aanbiederOpAgb, ohwOntvangst, ohwTerugkoppeling, slaOhwOntvangstOp, type DataSource } from '@plafond/db';
import { controleerXlsxZip, OhwBestandFout } from '@plafond/ohw';
import { ohwTemplateVoor, type OhwJob } from '@plafond/worker-ohw';
import type { OhwIntakeDeps } from './deps';

/**
 * The OHW use cases over the database. An upload is stored before it is handed on (`verwerk`: the OHW queue, or
 * the in-process checker), so nothing received is lost; an xlsx whose zip is hostile (bomb, macros, external
 * links) is refused before anything is stored.
 */
export function maakDbOhwDeps(dataSource: DataSource, verwerk: (job: OhwJob) => Promise<void>): OhwIntakeDeps {
  const aanbieder = async (agb: string) => {
    const a = await aanbiederOpAgb(dataSource, agb);
    if (!a) throw new NietGevonden(`aanbieder ${agb} niet gevonden`);
    return a;
  };
  return {
    async template(agb, maand) {
      await aanbieder(agb);
      return ohwTemplateVoor(dataSource, agb, maand as Maand);
    },
    async ontvang(agb, maand, inhoud, meta) {
      if (!isMaand(maand)) throw new ValidatieFout('ongeldige maand', [{ pad: 'maand', regel: 'intake.maand', tekst: 'maand in de vorm JJJJ-MM' }]);
      const a = await aanbieder(agb);
      if (meta.soort === 'xlsx') {
        try {
          await controleerXlsxZip(inhoud);
        } catch (e) {
          if (e instanceof OhwBestandFout) throw new ValidatieFout(`bestand geweigerd: ${e.message}`, [{ pad: '/', regel: 'ohw.bestand', tekst: e.message }]);
          throw e;
        }
      }
      const id = await slaOhwOntvangstOp(dataSource, {
        aanbiederId: a.id, maand, door: `intake:${agb}`, bestandNaam: meta.bestandsnaam ?? `ohw-${agb}-${maand}.${meta.soort}`, soort: meta.soort,
        bestand: inhoud, correlationId: meta.correlationId,
      });
      await verwerk({ ontvangstId: id, correlationId: meta.correlationId });
      return { berichtId: id, status: 'ontvangen' };
    },
    async status(agb, id) {
      const o = await ohwOntvangst(dataSource, id);
      if (!o || o.agb !== agb) return null;
      return {
        id: o.id, agb: o.agb, status: o.status, maand: o.maand, ontvangenOp: o.ontvangenOp.toISOString(), verwerktOp: o.verwerktOp?.toISOString(),
        reden: o.reden ?? undefined, versie: o.versie, opgeslagen: o.opgeslagen ?? 0, afgewezen: o.afgewezen,
      };
    },
    async terugkoppeling(agb, id) {
      const o = await ohwOntvangst(dataSource, id);
      if (!o || o.agb !== agb) return null;
      return (await ohwTerugkoppeling(dataSource, id)) ?? null;
    },
  };
}
