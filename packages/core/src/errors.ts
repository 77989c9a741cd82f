import type { Melding } from './melding';

/** Base of the typed errors; services map them to HTTP status in one place. */
export class PlafondError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks the rules; carries every finding. */
export class ValidatieFout extends PlafondError {
  constructor(message: string, readonly meldingen: Melding[] = []) {
    super(message, 'validatie');
  }
}

export class NietGevonden extends PlafondError {
  constructor(message: string) {
    super(message, 'niet-gevonden');
  }
}

export class GeenToegang extends PlafondError {
  constructor(message: string) {
    super(message, 'geen-toegang');
  }
}

export class NietIngelogd extends PlafondError {
  constructor(message = 'niet ingelogd') {
    super(message, 'niet-ingelogd');
  }
}

export class Conflict extends PlafondError {
  constructor(message: string) {
    super(message, 'conflict');
  }
}

/** Configuration that is missing or wrong at start-up. */
export class ConfiguratieFout extends PlafondError {
  constructor(message: string) {
    super(message, 'configuratie');
  }
}
