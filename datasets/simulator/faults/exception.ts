/**
 * exception: one operation of the target starts failing for a share of its
 * requests (30-80 %) with one specific exception, as a defect triggered by
 * some data would. The error shows in the target's server spans (status
 * ERROR with an exception event), in its error logs with the stack trace,
 * and upstream wherever callers do not handle it.
 */
import { defectError, defectVariants } from '../sim/errors.ts';
import { busyCalledServices } from './targets.ts';
import { makeEffect } from './effect-base.ts';
import type { FaultModel } from './types.ts';

export const exceptionFault: FaultModel = {
  type: 'exception',
  indicator: 'errors',
  targets: (t, g) => busyCalledServices(t, g),
  create(ctx) {
    const svc = ctx.topology.services.find((s) => s.name === ctx.target)!;
    // The failing operation is a busy one (by expected load), so the errors are seen.
    const op = ctx.rng.weighted(svc.operations, (o) => ctx.graph.operationLoad(svc.name, o.name) ** 1.5);
    const rate = ctx.rng.range(0.3, 0.8);
    const variant = ctx.rng.int(defectVariants(svc.language));
    const failure = { operation: op.name, rate, error: () => defectError(svc, op, variant) };
    return makeEffect(exceptionFault, ctx, {
      apply(_pod, _t, c) {
        c.failures.push(failure);
      },
    });
  },
};
