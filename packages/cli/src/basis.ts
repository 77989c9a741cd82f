import { parseArgs, type ParseArgsConfig } from 'node:util';

// What the CLI needs before any command's code, and for help: loads nothing of the domain, so
// `plafond --help` starts without @plafond/core and its dependencies (command.ts has the rest).

/** One `plafond` sub-command: its help text (Dutch), its options and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Extra help lines (options explained, examples). */
  help: string[];
  options: NonNullable<ParseArgsConfig['options']>;
  /** False when the command takes no arguments besides its options (a stray word is then a usage error). Default true. */
  positionals?: boolean;
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number>;
}

/** What the CLI needs to know of a command before it loads its code: everything but `run`. */
export type CommandInfo = Omit<Command, 'run'>;

/** Where a command writes; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars redraw in place). */
  tty: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  // Asked when needed: opening process.stderr costs start-up time that help and check do not need.
  get tty() {
    return Boolean(process.stderr.isTTY);
  },
};

/**
 * Exit codes every command keeps to, so scripts can rely on them: 0 done; 1 the input was refused or
 * could not be processed (a typed error, a missing file, an unreachable database); 2 wrong usage; 3
 * `plafond db status` finds no running database; 70 an internal error (a bug: please report it).
 */
export const EXIT = { ok: 0, fout: 1, gebruik: 2, nietActief: 3, intern: 70 } as const;

/** Wrong command-line usage: printed as one line with a pointer to the help, exit code 2. */
export class UsageError extends Error {}

/** `--bedrag -250` as `--bedrag=-250`: a negative number after a string option is its value, not an option. */
function negatieveWaarden(cmd: CommandInfo, argv: string[]): string[] {
  const uit: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const naam = argv[i].startsWith('--') ? argv[i].slice(2) : null;
    if (naam && cmd.options[naam]?.type === 'string' && /^-\d/.test(argv[i + 1] ?? '')) uit.push(`${argv[i]}=${argv[++i]}`);
    else uit.push(argv[i]);
  }
  return uit;
}

/** Parses the arguments of a command; node's (English) parse errors become one Dutch `UsageError`. */
export function parse(cmd: CommandInfo, argv: string[]) {
  try {
    return parseArgs({ args: negatieveWaarden(cmd, argv), options: { ...cmd.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: cmd.positionals !== false, strict: true });
  } catch (e) {
    throw new UsageError(parseFoutNl(e as Error & { code?: string }));
  }
}

function parseFoutNl(e: Error & { code?: string }): string {
  const genoemd = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  const optie = genoemd.replace(/ <value>$/, '');
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `onbekende optie ${optie}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return / argument missing/.test(e.message) ? `optie ${optie} verwacht een waarde` : `optie ${optie} neemt geen waarde`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `onverwacht argument '${optie}': dit commando neemt alleen opties`;
    default:
      return e.message;
  }
}

export function helpText(cmd: CommandInfo): string {
  return [`plafond ${cmd.name} — ${cmd.summary}`, '', `gebruik: ${cmd.usage}`, ...(cmd.help.length ? ['', ...cmd.help] : []), ''].join('\n');
}
