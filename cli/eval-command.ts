/**
 * `causeway eval <dataset-or-case>`: replay each case into a fresh store,
 * run the method(s), score against the truth; a table for people, `--json`
 * for programs. Several methods (`--method causeway,baro,random`) run on the
 * same cases and print side by side.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CausewayFailure, causewayError } from '../core/errors.ts';
import { type EvalReport, formatCaseLines, formatSummaryTable, runEval, runParallelEval } from '../datasets/eval/index.ts';
import { createProgressLine } from './progress-line.ts';

interface EvalFlags {
  method: string;
  json?: string;
  cases?: string;
  clickhouseUrl?: string;
  quiet?: boolean;
  parallel?: string;
  caseIds?: string;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('Evaluate root-cause methods on a labelled dataset (or one case).')
    .argument('<dataset-or-case>', 'dataset folder or case folder')
    .option('--method <names>', 'comma-separated: causeway, baro, random', 'causeway')
    .option('--json <file>', 'write the report as JSON (an array when several methods run)')
    .option('--cases <glob>', 'only the cases whose id matches (* and ?)')
    .option('--clickhouse-url <url>', 'evaluate on a ClickHouse server instead of the embedded engine')
    .option('--parallel <n>', 'split the cases over n worker processes')
    .option('--case-ids <ids>', 'only these case ids (comma-separated); used by parallel workers')
    .option('--quiet', 'no per-case lines')
    .action(async (dir: string, flags: EvalFlags) => {
      const reports: EvalReport[] = [];
      for (const method of flags.method.split(',').map((m) => m.trim()).filter(Boolean)) {
        const progress = createProgressLine(process.stderr);
        const workers = Number(flags.parallel ?? 1);
        if (!Number.isInteger(workers) || workers < 1) throw new CausewayFailure(causewayError('CW_ERR_CLI_USAGE', `--parallel must be a positive integer, got "${flags.parallel}"`));
        const result =
          workers > 1
            ? await runParallelEval(dir, {
                method,
                workers,
                ...(flags.cases ? { cases: flags.cases } : {}),
                onWorkerDone: (done, total) => progress.update(`${method}: ${done}/${total} workers done`),
              })
            : await runEval(dir, {
                method,
                ...(flags.cases ? { cases: flags.cases } : {}),
                ...(flags.caseIds ? { caseIds: flags.caseIds.split(',') } : {}),
                ...(flags.clickhouseUrl ? { clickhouseUrl: flags.clickhouseUrl } : {}),
                onCaseDone: (done, total, scored) => progress.update(`${method}: ${done}/${total} cases (${scored.truth.id}, ${scored.seconds.toFixed(1)} s)`),
              });
        progress.done();
        if (!result.ok) throw new CausewayFailure(result.error);
        reports.push(result.value);
        if (!flags.quiet) for (const line of formatCaseLines(result.value)) process.stdout.write(`${line}\n`);
      }
      if (reports.length === 0) throw new CausewayFailure(causewayError('CW_ERR_CLI_USAGE', '--method names no method'));
      process.stdout.write(`\n${reports[0]!.dataset}\n${formatSummaryTable(reports)}\n`);
      if (flags.json) writeFileSync(flags.json, `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
    });
}
