// A one-line progress bar with the time left, redrawn in place: for a terminal only (the caller
// decides; nothing is drawn into a pipe or a log).

export interface ProgressStream {
  write(text: string): unknown;
  readonly columns?: number;
}

const REDRAW_MS = 100;

export class ProgressBar {
  private readonly started = performance.now();
  private drawn = 0;

  constructor(private readonly stream: ProgressStream) {}

  update(fraction: number, label: string): void {
    const now = performance.now();
    if (now - this.drawn < REDRAW_MS) return;
    this.drawn = now;
    const f = Math.min(1, Math.max(0, fraction));
    const width = 24;
    const filled = Math.round(f * width);
    const elapsed = (now - this.started) / 1000;
    const left = f > 0.02 ? ` ${clock((elapsed * (1 - f)) / f)} left` : "";
    const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}%${left}  ${label}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
  }

  clear(): void {
    this.stream.write("\r\x1b[K");
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
