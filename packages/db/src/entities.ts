/**
 * TypeORM entity mappings of the tables created by the migrations. They are internal to
 * @plafond/db: repositories turn them into the plain types of `types.ts`. tsx does not emit
 * decorator metadata, so every column names its type explicitly.
 */
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Cents, Datum } from '@plafond/core';
import { bigintTransformer, centsTransformer } from './transformers';

@Entity({ name: 'domein' })
export class DomeinEntity {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) naam: string;
}

@Entity({ name: 'gemeente' })
export class GemeenteEntity {
  @PrimaryColumn({ type: 'char', length: 4, name: 'cbs_code' }) cbsCode: string;
  @Column({ type: 'text' }) naam: string;
  @Column({ type: 'date', name: 'geldig_van', nullable: true }) geldigVan: Datum | null;
  @Column({ type: 'date', name: 'geldig_tot', nullable: true }) geldigTot: Datum | null;
}

@Entity({ name: 'aanbieder' })
export class AanbiederEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ type: 'char', length: 8, name: 'agb_code' }) agbCode: string;
  @Column({ type: 'text' }) naam: string;
  @Column({ type: 'text', name: 'credentials_hash', nullable: true }) credentialsHash: string | null;
  @Column({ type: 'timestamptz', name: 'aangemaakt_op' }) aangemaaktOp: Date;
  @Column({ type: 'timestamptz', name: 'bijgewerkt_op' }) bijgewerktOp: Date;
}

@Entity({ name: 'budgetlijn' })
export class BudgetlijnEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ type: 'text' }) domein: string;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'text' }) naam: string;
  @Column({ type: 'integer' }) jaar: number;
  @Column({ type: 'bigint', name: 'bedrag_cents', transformer: centsTransformer }) bedragCents: Cents;
}

@Entity({ name: 'contract' })
export class ContractEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ type: 'integer', name: 'aanbieder_id' }) aanbiederId: number;
  @Column({ type: 'text' }) domein: string;
  @Column({ type: 'integer' }) jaar: number;
  @Column({ type: 'enum', enumName: 'plafond_beleid', enum: ['signaleren', 'aanhouden', 'afwijzen'], name: 'plafond_beleid' })
  plafondBeleid: 'signaleren' | 'aanhouden' | 'afwijzen';
}

@Entity({ name: 'product' })
export class ProductEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ type: 'text' }) domein: string;
  @Column({ type: 'char', length: 2 }) productcategorie: string;
  @Column({ type: 'text', nullable: true }) productcode: string | null;
  @Column({ type: 'char', length: 2 }) eenheid: string;
  @Column({ type: 'text' }) omschrijving: string;
  @Column({ type: 'boolean' }) crisis: boolean;
}

@Entity({ name: 'tarief' })
export class TariefEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ type: 'text' }) domein: string;
  @Column({ type: 'char', length: 2 }) productcategorie: string;
  @Column({ type: 'text', nullable: true }) productcode: string | null;
  @Column({ type: 'char', length: 2 }) eenheid: string;
  @Column({ type: 'bigint', name: 'bedrag_cents', transformer: centsTransformer }) bedragCents: Cents;
  @Column({ type: 'date' }) ingangsdatum: Datum;
  @Column({ type: 'date', nullable: true }) einddatum: Datum | null;
  @Column({ type: 'integer', name: 'aanbieder_id', nullable: true }) aanbiederId: number | null;
}

@Entity({ name: 'budgetplafond' })
export class BudgetplafondEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ type: 'integer' }) jaar: number;
  @Column({ type: 'integer', name: 'aanbieder_id' }) aanbiederId: number;
  @Column({ type: 'text' }) domein: string;
  @Column({ type: 'char', length: 4, name: 'gemeente_code', nullable: true }) gemeenteCode: string | null;
  @Column({ type: 'integer', name: 'budgetlijn_id', nullable: true }) budgetlijnId: number | null;
  @Column({ type: 'bigint', name: 'bedrag_cents', transformer: centsTransformer }) bedragCents: Cents;
  @Column({ type: 'timestamptz', name: 'bijgewerkt_op' }) bijgewerktOp: Date;
}

@Entity({ name: 'budgetplafond_mutatie' })
export class BudgetplafondMutatieEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'integer', name: 'budgetplafond_id' }) budgetplafondId: number;
  @Column({ type: 'date' }) datum: Datum;
  @Column({ type: 'bigint', name: 'bedrag_oud_cents', nullable: true, transformer: centsTransformer }) bedragOudCents: Cents | null;
  @Column({ type: 'bigint', name: 'bedrag_nieuw_cents', transformer: centsTransformer }) bedragNieuwCents: Cents;
  @Column({ type: 'text' }) reden: string;
  @Column({ type: 'text' }) door: string;
  @Column({ type: 'timestamptz', name: 'vastgelegd_op' }) vastgelegdOp: Date;
}

@Entity({ name: 'client' })
export class ClientEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'char', length: 9 }) bsn: string;
  @Column({ type: 'text' }) pseudoniem: string;
  @Column({ type: 'date', nullable: true }) geboortedatum: Datum | null;
}

@Entity({ name: 'bericht' })
export class BerichtEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'enum', enumName: 'bericht_richting', enum: ['in', 'uit'] }) richting: 'in' | 'uit';
  @Column({ type: 'text' }) berichttype: string;
  @Column({ type: 'integer', nullable: true }) berichtcode: number | null;
  @Column({ type: 'text' }) afzender: string;
  @Column({ type: 'text' }) ontvanger: string;
  @Column({ type: 'text' }) identificatie: string;
  @Column({ type: 'date', nullable: true }) dagtekening: Datum | null;
  @Column({ type: 'enum', enumName: 'bericht_status', enum: ['ontvangen', 'verwerkt', 'afgewezen', 'verzonden', 'opgehaald', 'onverwerkbaar'] })
  status: 'ontvangen' | 'verwerkt' | 'afgewezen' | 'verzonden' | 'opgehaald' | 'onverwerkbaar';
  @Column({ type: 'text', name: 'correlation_id' }) correlationId: string;
  @Column({ type: 'bytea' }) inhoud: Buffer;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'integer', name: 'aanbieder_id', nullable: true }) aanbiederId: number | null;
  @Column({ type: 'timestamptz', name: 'ontvangen_op' }) ontvangenOp: Date;
  @Column({ type: 'timestamptz', name: 'verwerkt_op', nullable: true }) verwerktOp: Date | null;
  @Column({ type: 'bigint', name: 'retour_van', nullable: true }) retourVan: string | null;
  @Column({ type: 'bigint', name: 'duplicaat_van', nullable: true }) duplicaatVan: string | null;
}

@Entity({ name: 'mailbox' })
export class MailboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'bigint', name: 'bericht_id' }) berichtId: string;
  @Column({ type: 'integer', name: 'aanbieder_id' }) aanbiederId: number;
  @Column({ type: 'timestamptz', name: 'beschikbaar_op' }) beschikbaarOp: Date;
  @Column({ type: 'timestamptz', name: 'opgehaald_op', nullable: true }) opgehaaldOp: Date | null;
}

@Entity({ name: 'toewijzing' })
export class ToewijzingEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'text', name: 'toewijzing_nummer' }) toewijzingNummer: string;
  @Column({ type: 'char', length: 4, name: 'gemeente_code' }) gemeenteCode: string;
  @Column({ type: 'text' }) domein: string;
  @Column({ type: 'integer', name: 'aanbieder_id' }) aanbiederId: number;
  @Column({ type: 'bigint', name: 'client_id' }) clientId: string;
  @Column({ type: 'text', name: 'referentie_aanbieder', nullable: true }) referentieAanbieder: string | null;
  @Column({ type: 'char', length: 2, nullable: true }) productcategorie: string | null;
  @Column({ type: 'text', nullable: true }) productcode: string | null;
  @Column({ type: 'date' }) toewijzingsdatum: Datum;
  @Column({ type: 'time', nullable: true }) toewijzingstijd: string | null;
  @Column({ type: 'date' }) ingangsdatum: Datum;
  @Column({ type: 'date', nullable: true }) einddatum: Datum | null;
  @Column({ type: 'char', length: 2, name: 'reden_wijziging', nullable: true }) redenWijziging: string | null;
  @Column({ type: 'integer', name: 'omvang_volume', nullable: true }) omvangVolume: number | null;
  @Column({ type: 'char', length: 2, name: 'omvang_eenheid', nullable: true }) omvangEenheid: string | null;
  @Column({ type: 'char', length: 1, name: 'omvang_frequentie', nullable: true }) omvangFrequentie: string | null;
  @Column({ type: 'bigint', name: 'budget_cents', nullable: true, transformer: centsTransformer }) budgetCents: Cents | null;
  @Column({ type: 'text', nullable: true }) commentaar: string | null;
  @Column({ type: 'enum', enumName: 'toewijzing_variant', enum: ['specifiek', 'aspecifiek', 'generiek'] })
  variant: 'specifiek' | 'aspecifiek' | 'generiek';
  @Column({ type: 'enum', enumName: 'bekostiging', enum: ['inspanning', 'output', 'taakgericht'], nullable: true })
  bekostiging: 'inspanning' | 'output' | 'taakgericht' | null;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'integer' }) versie: number;
  @Column({ type: 'bigint', name: 'bericht_id', nullable: true }) berichtId: string | null;
  @Column({ type: 'timestamptz', name: 'bijgewerkt_op' }) bijgewerktOp: Date;
}

@Entity({ name: 'toewijzing_versie' })
export class ToewijzingVersieEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'bigint', name: 'toewijzing_id' }) toewijzingId: string;
  @Column({ type: 'integer' }) versie: number;
  @Column({ type: 'bigint', name: 'bericht_id', nullable: true }) berichtId: string | null;
  @Column({ type: 'jsonb' }) gegevens: Record<string, unknown>;
  @Column({ type: 'timestamptz', name: 'vastgelegd_op' }) vastgelegdOp: Date;
}

@Entity({ name: 'declaratie' })
export class DeclaratieEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'bigint', name: 'bericht_id' }) berichtId: string;
  @Column({ type: 'integer', name: 'aanbieder_id' }) aanbiederId: number;
  @Column({ type: 'char', length: 4, name: 'gemeente_code' }) gemeenteCode: string;
  @Column({ type: 'text' }) domein: string;
  @Column({ type: 'text', name: 'declaratie_nummer' }) declaratieNummer: string;
  @Column({ type: 'date', name: 'periode_begin' }) periodeBegin: Datum;
  @Column({ type: 'date', name: 'periode_eind' }) periodeEind: Datum;
  @Column({ type: 'date' }) dagtekening: Datum;
  @Column({ type: 'bigint', name: 'totaal_ingediend_cents', transformer: centsTransformer }) totaalIngediendCents: Cents;
  @Column({ type: 'char', length: 1, name: 'ingediend_debet_credit' }) ingediendDebetCredit: 'D' | 'C';
  @Column({ type: 'bigint', name: 'totaal_toegekend_cents', nullable: true, transformer: centsTransformer }) totaalToegekendCents: Cents | null;
  @Column({ type: 'char', length: 1, name: 'toegekend_debet_credit', nullable: true }) toegekendDebetCredit: 'D' | 'C' | null;
  @Column({ type: 'enum', enumName: 'declaratie_status', enum: ['ontvangen', 'in_behandeling', 'beantwoord', 'afgewezen'] })
  status: 'ontvangen' | 'in_behandeling' | 'beantwoord' | 'afgewezen';
  @Column({ type: 'bigint', name: 'antwoord_bericht_id', nullable: true }) antwoordBerichtId: string | null;
  @Column({ type: 'timestamptz', name: 'ontvangen_op' }) ontvangenOp: Date;
  @Column({ type: 'timestamptz', name: 'beantwoord_op', nullable: true }) beantwoordOp: Date | null;
}

@Entity({ name: 'prestatie' })
export class PrestatieEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @PrimaryColumn({ type: 'date', name: 'periode_begin' }) periodeBegin: Datum;
  @Column({ type: 'bigint', name: 'declaratie_id' }) declaratieId: string;
  @Column({ type: 'integer', name: 'aanbieder_id' }) aanbiederId: number;
  @Column({ type: 'text' }) domein: string;
  @Column({ type: 'char', length: 4, name: 'gemeente_code' }) gemeenteCode: string;
  @Column({ type: 'bigint', name: 'client_id', nullable: true }) clientId: string | null;
  @Column({ type: 'bigint', name: 'toewijzing_id', nullable: true }) toewijzingId: string | null;
  @Column({ type: 'text', name: 'referentie_nummer' }) referentieNummer: string;
  @Column({ type: 'text', name: 'vorig_referentie_nummer', nullable: true }) vorigReferentieNummer: string | null;
  @Column({ type: 'char', length: 2 }) productcategorie: string;
  @Column({ type: 'text', nullable: true }) productcode: string | null;
  @Column({ type: 'date', name: 'periode_eind' }) periodeEind: Datum;
  @Column({ type: 'bigint', transformer: bigintTransformer }) volume: bigint;
  @Column({ type: 'char', length: 2 }) eenheid: string;
  @Column({ type: 'bigint', name: 'tarief_cents', nullable: true, transformer: centsTransformer }) tariefCents: Cents | null;
  @Column({ type: 'bigint', name: 'ingediend_cents', transformer: centsTransformer }) ingediendCents: Cents;
  @Column({ type: 'char', length: 1, name: 'debet_credit' }) debetCredit: 'D' | 'C';
  @Column({ type: 'bigint', name: 'toegekend_cents', nullable: true, transformer: centsTransformer }) toegekendCents: Cents | null;
  @Column({ type: 'enum', enumName: 'beslissing', enum: ['toegekend', 'afgewezen', 'aangehouden'], nullable: true })
  beslissing: 'toegekend' | 'afgewezen' | 'aangehouden' | null;
  @Column({ type: 'text', array: true }) retourcodes: string[];
  @Column({ type: 'timestamptz', name: 'beslist_op', nullable: true }) beslistOp: Date | null;
}

@Entity({ name: 'ohw_upload' })
export class OhwUploadEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'integer', name: 'aanbieder_id' }) aanbiederId: number;
  @Column({ type: 'char', length: 7 }) maand: string;
  @Column({ type: 'integer' }) versie: number;
  @Column({ type: 'timestamptz', name: 'uploaded_at' }) uploadedAt: Date;
  @Column({ type: 'text' }) door: string;
  @Column({ type: 'text', name: 'bestand_naam' }) bestandNaam: string;
  @Column({ type: 'char', length: 64, name: 'bestand_sha256' }) bestandSha256: string;
}

@Entity({ name: 'ohw_regel' })
export class OhwRegelEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'bigint', name: 'upload_id' }) uploadId: string;
  @Column({ type: 'integer' }) regelnummer: number;
  @Column({ type: 'char', length: 4, name: 'gemeente_code' }) gemeenteCode: string;
  @Column({ type: 'text', name: 'toewijzing_nummer' }) toewijzingNummer: string;
  @Column({ type: 'bigint', name: 'toewijzing_id', nullable: true }) toewijzingId: string | null;
  @Column({ type: 'bigint', name: 'client_id', nullable: true }) clientId: string | null;
  @Column({ type: 'char', length: 2 }) productcategorie: string;
  @Column({ type: 'text', nullable: true }) productcode: string | null;
  @Column({ type: 'char', length: 7 }) periode: string;
  @Column({ type: 'bigint', transformer: bigintTransformer }) volume: bigint;
  @Column({ type: 'char', length: 2 }) eenheid: string;
  @Column({ type: 'bigint', name: 'bedrag_cents', transformer: centsTransformer }) bedragCents: Cents;
  @Column({ type: 'text', nullable: true }) toelichting: string | null;
}

@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) entity: string;
  @Column({ type: 'text', name: 'entity_id', nullable: true }) entityId: string | null;
  @Column({ type: 'jsonb' }) details: Record<string, unknown>;
}

@Entity({ name: 'app_user' })
export class AppUserEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ type: 'text' }) username: string;
  @Column({ type: 'enum', enumName: 'gebruiker_rol', enum: ['backoffice', 'contractmanager', 'gemeente', 'aanbieder', 'beheer'] })
  rol: 'backoffice' | 'contractmanager' | 'gemeente' | 'aanbieder' | 'beheer';
  @Column({ type: 'char', length: 8, name: 'agb_code', nullable: true }) agbCode: string | null;
  @Column({ type: 'text', name: 'password_hash' }) passwordHash: string;
  @Column({ type: 'boolean' }) actief: boolean;
  @Column({ type: 'timestamptz', name: 'aangemaakt_op' }) aangemaaktOp: Date;
  @Column({ type: 'integer', name: 'mislukte_pogingen' }) misluktePogingen: number;
  @Column({ type: 'timestamptz', name: 'geblokkeerd_tot', nullable: true }) geblokkeerdTot: Date | null;
  @Column({ type: 'timestamptz', name: 'laatst_aangemeld_op', nullable: true }) laatstAangemeldOp: Date | null;
  @Column({ type: 'timestamptz', name: 'wachtwoord_gewijzigd_op' }) wachtwoordGewijzigdOp: Date;
}

export const alleEntities = [
  DomeinEntity, GemeenteEntity, AanbiederEntity, BudgetlijnEntity, ContractEntity, ProductEntity, TariefEntity,
  BudgetplafondEntity, BudgetplafondMutatieEntity, ClientEntity, BerichtEntity, MailboxEntity, ToewijzingEntity,
  ToewijzingVersieEntity, DeclaratieEntity, PrestatieEntity, OhwUploadEntity, OhwRegelEntity, AuditLogEntity,
  AppUserEntity,
];
