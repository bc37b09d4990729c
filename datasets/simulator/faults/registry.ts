/**
 * Every fault model by type. Adding a fault type means one new file and one
 * line here.
 */
import { badDeploy } from './bad-deploy.ts';
import { cpuHog } from './cpu-hog.ts';
import { dependencyOutage } from './dependency-outage.ts';
import { diskPressure } from './disk-pressure.ts';
import { exceptionFault } from './exception.ts';
import { memoryLeak } from './memory-leak.ts';
import { networkDelay } from './network-delay.ts';
import { packetLoss } from './packet-loss.ts';
import { slowDatabase } from './slow-database.ts';
import type { FaultModel, FaultType } from './types.ts';

const MODELS: Record<FaultType, FaultModel> = {
  'cpu-hog': cpuHog,
  'memory-leak': memoryLeak,
  'disk-pressure': diskPressure,
  'network-delay': networkDelay,
  'packet-loss': packetLoss,
  exception: exceptionFault,
  'bad-deploy': badDeploy,
  'slow-database': slowDatabase,
  'dependency-outage': dependencyOutage,
};

export function faultModel(type: FaultType): FaultModel {
  return MODELS[type];
}
