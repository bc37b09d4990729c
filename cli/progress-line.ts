/**
 * A progress line on stderr: rewritten in place on a terminal, printed at
 * most every few seconds otherwise (CI logs stay short).
 */
export interface ProgressLine {
  update(text: string): void;
  done(): void;
}

export function createProgressLine(stream: NodeJS.WriteStream, minIntervalMillis = 5000): ProgressLine {
  let last = 0;
  let pending = '';
  return {
    update(text) {
      pending = text;
      if (stream.isTTY) {
        stream.write(`\r${text.slice(0, (stream.columns ?? 120) - 1).padEnd(Math.min(stream.columns ?? 120, 120) - 1)}`);
        return;
      }
      const now = Date.now();
      if (now - last >= minIntervalMillis) {
        last = now;
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (stream.isTTY && pending) stream.write('\n');
      else if (pending) stream.write(`${pending}\n`);
      pending = '';
    },
  };
}
