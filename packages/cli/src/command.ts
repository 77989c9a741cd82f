import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `plafond` sub-command: its help text, its options and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Extra help lines (options explained, examples). */
  help: string[];
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number>;
}

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
  tty: Boolean(process.stderr.isTTY),
};

/** Thrown for wrong command-line usage; printed with the command's usage line, exit code 2. */
export class UsageError extends Error {}

/** `--bedrag -250` as `--bedrag=-250`: a negative number after a string option is its value, not an option. */
function negatieveWaarden(cmd: Command, argv: string[]): string[] {
  const uit: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const naam = argv[i].startsWith('--') ? argv[i].slice(2) : null;
    if (naam && cmd.options[naam]?.type === 'string' && /^-\d/.test(argv[i + 1] ?? '')) uit.push(`${argv[i]}=${argv[++i]}`);
    else uit.push(argv[i]);
  }
  return uit;
}

export function parse(cmd: Command, argv: string[]) {
  try {
    return parseArgs({ args: negatieveWaarden(cmd, argv), options: { ...cmd.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function helpText(cmd: Command): string {
  return [`plafond ${cmd.name} — ${cmd.summary}`, '', `usage: ${cmd.usage}`, ...(cmd.help.length ? ['', ...cmd.help] : []), ''].join('\n');
}
