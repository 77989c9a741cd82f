import type { Io } from './command';

/** An `Io` that keeps what a command writes, for tests of the CLI in this process. */
export function opname(): Io & { uit: string; fout: string } {
  const io = { uit: '', fout: '', tty: false, out: (t: string) => void (io.uit += t), err: (t: string) => void (io.fout += t) };
  return io;
}
