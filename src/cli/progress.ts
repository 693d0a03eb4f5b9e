/** Progress lines on stderr so that stdout stays parseable; timings for every long step. */
export interface Progress {
  step<T>(label: string, run: () => Promise<T>, done?: (result: T) => string): Promise<T>;
  info(line: string): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const tty = Boolean(stream.isTTY);
  return {
    async step(label, run, done) {
      const started = performance.now();
      if (!quiet) stream.write(tty ? `  ${label} …` : `  ${label} …\n`);
      let ticker: NodeJS.Timeout | undefined;
      if (tty && !quiet) ticker = setInterval(() => stream.write('.'), 1000);
      try {
        const result = await run();
        const ms = Math.round(performance.now() - started);
        const suffix = done ? done(result) : 'done';
        if (!quiet) stream.write(tty ? ` ${suffix} (${ms} ms)\n` : `  ${label}: ${suffix} (${ms} ms)\n`);
        return result;
      } catch (error) {
        if (!quiet && tty) stream.write(' failed\n');
        throw error;
      } finally {
        if (ticker) clearInterval(ticker);
      }
    },
    info(line) {
      if (!quiet) stream.write(`${line}\n`);
    },
  };
}
