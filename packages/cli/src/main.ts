import { PlafondError } from '@plafond/core';
import { helpText, parse, processIo, UsageError, type Command, type Io } from './command';
import { commands } from './commands';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'plafond — back office and budget control for Jeugdwet and Wmo (iJw/iWmo 3.2), Zaanstreek-Waterland',
    '',
    'usage: plafond <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "'plafond <command> --help' explains a command.",
    '',
  ].join('\n');
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name ? 0 : 2;
  }
  const cmd: Command | undefined = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`plafond: unknown command '${name}'\n\n${overview()}`);
    return 2;
  }
  try {
    const args = parse(cmd, rest);
    if (args.values.help) {
      io.out(helpText(cmd));
      return 0;
    }
    return await cmd.run(args as { values: Record<string, unknown>; positionals: string[] }, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`plafond ${cmd.name}: ${e.message}\nusage: ${cmd.usage}\n`);
      return 2;
    }
    if (e instanceof PlafondError) {
      io.err(`plafond ${cmd.name}: ${e.message}\n`);
      const meldingen = (e as { meldingen?: { pad: string; tekst: string }[] }).meldingen ?? [];
      if (!e.message.includes('\n')) for (const m of meldingen) io.err(`  ${m.pad}: ${m.tekst}\n`);
      return 1;
    }
    io.err(`plafond ${cmd.name}: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
