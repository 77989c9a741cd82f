import { readFileSync } from 'node:fs';
import { EXIT, helpText, parse, type Command, type CommandInfo, type Io } from './basis';

/** The commands the CLI knows: their help without their code, and how to load one to run it. */
export interface Register {
  lijst: CommandInfo[];
  laad(naam: string): Promise<Command>;
  /** The one line and exit code for an error of a command (command.ts's `foutUitvoer`, loaded only when needed). */
  fout(e: unknown, naam: string): Promise<{ tekst: string; code: number }> | { tekst: string; code: number };
}

/** The version of Plafond, from the repository's package.json. */
export function versie(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function overzicht(lijst: CommandInfo[]): string {
  const breedte = Math.max(...lijst.map((c) => c.name.length));
  return [
    'plafond — backoffice en budgetbewaking voor Jeugdwet en Wmo (iJw/iWmo 3.2), Zaanstreek-Waterland',
    '',
    'gebruik: plafond <commando> [opties]',
    '',
    'commando\'s:',
    ...lijst.map((c) => `  ${c.name.padEnd(breedte)}  ${c.summary}`),
    '',
    "'plafond help <commando>' of 'plafond <commando> --help' legt een commando uit; 'plafond --version' toont de versie.",
    'Exitcodes: 0 klaar, 1 invoer geweigerd of niet verwerkt, 2 verkeerd gebruik, 3 database draait niet (db status), 70 interne fout.',
    '',
  ].join('\n');
}

/**
 * Runs the CLI; returns the process exit code. Options are parsed and help is printed from the
 * command's description alone; its code is loaded only to run it (a fast `--help`).
 */
export async function voerUit(argv: string[], io: Io, register: Register): Promise<number> {
  const [naam, ...rest] = argv;
  if (naam === undefined) {
    io.err(overzicht(register.lijst));
    return EXIT.gebruik;
  }
  if (naam === '--help' || naam === '-h') {
    io.out(overzicht(register.lijst));
    return EXIT.ok;
  }
  if (naam === '--version' || naam === '-V' || naam === 'versie') {
    io.out(`plafond ${versie()}\n`);
    return EXIT.ok;
  }
  if (naam === 'help') {
    if (rest.length === 0) {
      io.out(overzicht(register.lijst));
      return EXIT.ok;
    }
    const cmd = register.lijst.find((c) => c.name === rest[0]);
    if (!cmd) {
      io.err(`plafond: onbekend commando '${rest[0]}'; 'plafond --help' toont ze alle\n`);
      return EXIT.gebruik;
    }
    io.out(helpText(cmd));
    return EXIT.ok;
  }
  const info = register.lijst.find((c) => c.name === naam);
  if (!info) {
    io.err(`plafond: onbekend commando '${naam}'; 'plafond --help' toont ze alle\n`);
    return EXIT.gebruik;
  }
  try {
    const args = parse(info, rest);
    if (args.values.help) {
      io.out(helpText(info));
      return EXIT.ok;
    }
    const cmd = await register.laad(naam);
    return await cmd.run(args as { values: Record<string, unknown>; positionals: string[] }, io);
  } catch (e) {
    const { tekst, code } = await register.fout(e, info.name);
    io.err(tekst);
    return code;
  }
}
