import { baroMethod } from './baro.ts';
import { causewayMethod } from './causeway-method.ts';
import type { EvalMethod } from './method.ts';
import { randomMethod } from './random-method.ts';

export const EVAL_METHODS: ReadonlyMap<string, EvalMethod> = new Map([causewayMethod, baroMethod, randomMethod].map((m) => [m.name, m]));
export type { EvalMethod, MethodContext } from './method.ts';
export { detectChangePoint } from './change-point.ts';
export { robustScores, rankEntities } from './baro.ts';
