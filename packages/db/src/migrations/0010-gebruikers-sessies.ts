import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users of the back-office application and their sessions:
 * - the administrator role is called `beheer`, as the users say it;
 * - a gemeente user may be bound to several gemeenten (a shared service centre works for more than
 *   one), so the gemeenten move to their own table; the single column goes;
 * - failed sign-ins are counted per account so repeated failures lock it for a while;
 * - `sessie` is the table of connect-pg-simple (its own layout, created here and not at runtime, so
 *   the service never needs DDL rights).
 */
export class GebruikersSessies0010 implements MigrationInterface {
  name = 'GebruikersSessies0000000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
ALTER TYPE gebruiker_rol RENAME VALUE 'admin' TO 'beheer';

CREATE TABLE app_user_gemeente (
  user_id integer NOT NULL REFERENCES app_user ON DELETE CASCADE,
  gemeente_code char(4) NOT NULL REFERENCES gemeente,
  PRIMARY KEY (user_id, gemeente_code)
);
INSERT INTO app_user_gemeente (user_id, gemeente_code) SELECT id, gemeente_code FROM app_user WHERE gemeente_code IS NOT NULL;
ALTER TABLE app_user DROP COLUMN gemeente_code;

ALTER TABLE app_user
  ADD COLUMN mislukte_pogingen integer NOT NULL DEFAULT 0 CHECK (mislukte_pogingen >= 0),
  ADD COLUMN geblokkeerd_tot timestamptz,
  ADD COLUMN laatst_aangemeld_op timestamptz,
  ADD COLUMN wachtwoord_gewijzigd_op timestamptz NOT NULL DEFAULT now();

CREATE TABLE sessie (
  sid varchar NOT NULL COLLATE "default" PRIMARY KEY,
  sess json NOT NULL,
  expire timestamp(6) NOT NULL
);
CREATE INDEX sessie_expire ON sessie (expire);
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP TABLE sessie;
ALTER TABLE app_user DROP COLUMN mislukte_pogingen, DROP COLUMN geblokkeerd_tot, DROP COLUMN laatst_aangemeld_op, DROP COLUMN wachtwoord_gewijzigd_op;
ALTER TABLE app_user ADD COLUMN gemeente_code char(4) REFERENCES gemeente;
UPDATE app_user u SET gemeente_code = (SELECT min(gemeente_code) FROM app_user_gemeente g WHERE g.user_id = u.id);
DROP TABLE app_user_gemeente;
ALTER TYPE gebruiker_rol RENAME VALUE 'beheer' TO 'admin';
`);
  }
}
