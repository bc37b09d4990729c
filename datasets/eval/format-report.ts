/**
 * The human-readable form of evaluation reports: one line per case, then a
 * summary table with one column per method, side by side.
 */
import type { EvalReport } from './summarize.ts';

const pct = (x: number | null) => (x === null ? '-' : x.toFixed(2));
const num = (x: number | null, digits = 1) => (x === null ? '-' : x.toFixed(digits));

export function formatCaseLines(report: EvalReport): string[] {
  return report.cases.map((c) => {
    const truth = c.faults.map((f) => `${f.service}/${f.indicator}`).join('+') || '(control)';
    const top = c.ranking.slice(0, 3).map((r) => r.service).join(', ') || '-';
    return `${report.method.padEnd(9)} ${c.id.padEnd(34)} truth ${truth.padEnd(28)} top3 ${top.padEnd(40)} ${c.detected ? `detected +${num(c.detectionDelaySeconds, 0)}s` : 'missed'.padEnd(13)} alerts ${String(c.alerts).padStart(4)} incidents ${c.incidents} false ${c.falseIncidents} ${c.seconds.toFixed(1)}s`;
  });
}

export function formatSummaryTable(reports: readonly EvalReport[]): string {
  const rows: Array<[string, (r: EvalReport) => string]> = [
    ['cases', (r) => String(r.summary.cases)],
    ['service AC@1', (r) => pct(r.summary.service.ac1)],
    ['service AC@3', (r) => pct(r.summary.service.ac3)],
    ['service AC@5', (r) => pct(r.summary.service.ac5)],
    ['service Avg@5', (r) => pct(r.summary.service.avg5)],
    ['indicator AC@1', (r) => pct(r.summary.indicator.ac1)],
    ['indicator Avg@5', (r) => pct(r.summary.indicator.avg5)],
    ['detected / faults', (r) => `${r.summary.detection.detected}/${r.summary.detection.faults}`],
    ['median delay (s)', (r) => num(r.summary.detection.medianDelaySeconds, 0)],
    ['alerts', (r) => String(r.summary.grouping.alerts)],
    ['incidents', (r) => String(r.summary.grouping.incidents)],
    ['compression', (r) => pct(r.summary.grouping.compression)],
    ['purity', (r) => pct(r.summary.grouping.purity)],
    ['two-fault split ok', (r) => `${r.summary.grouping.multiFaultCasesSplitCorrectly}/${r.summary.grouping.multiFaultCases}`],
    ['false incidents / h', (r) => num(r.summary.falseIncidentsPerHour, 2)],
    ['seconds', (r) => num(r.summary.seconds, 1)],
  ];
  const header = ['', ...reports.map((r) => r.method)];
  const table = [header, ...rows.map(([label, f]) => [label, ...reports.map(f)])];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}
