import type { Io } from './command';

/**
 * A progress bar on stderr for long work. Redraws in place on a terminal; elsewhere (CI, pipes)
 * prints a line at most every 10 % so logs stay readable.
 */
export class Voortgang {
  private done = 0;
  private lastPct = -1;
  private readonly started = Date.now();

  constructor(private readonly io: Io, private readonly label: string, private total: number) {}

  setTotal(total: number): void {
    this.total = total;
  }

  tick(n = 1): void {
    this.done += n;
    this.draw(false);
  }

  finish(summary?: string): void {
    this.done = this.total;
    this.draw(true);
    if (summary) this.io.err(`${this.label}: ${summary}\n`);
  }

  private draw(final: boolean): void {
    const pct = this.total > 0 ? Math.min(100, Math.floor((this.done / this.total) * 100)) : 100;
    const secs = `${((Date.now() - this.started) / 1000).toFixed(1).replace('.', ',')} s`;
    if (this.io.tty) {
      if (pct === this.lastPct && !final) return;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      this.io.err(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${this.done}/${this.total} ${secs}${final ? '\n' : ''}`);
    } else if (final || Math.floor(pct / 10) > Math.floor(this.lastPct / 10)) {
      this.io.err(`${this.label}: ${pct}% (${this.done}/${this.total}, ${secs})\n`);
    }
    this.lastPct = pct;
  }
}
