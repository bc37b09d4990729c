export { createTemplateMiner, TEMPLATE_MINER_DEFAULTS } from './template-miner.ts';
export type { MinedTemplate, TemplateInfo, TemplateMiner, TemplateMinerOptions } from './template-miner.ts';
export { createTemplateStats, TEMPLATE_STATS_DEFAULTS, TEMPLATE_DETECT_DEFAULTS } from './template-stats.ts';
export type {
  BucketFindings,
  DetectOptions,
  NewTemplate,
  SpikingTemplate,
  TemplateKey,
  TemplateStats,
  TemplateStatsOptions,
} from './template-stats.ts';
export { maskVariables, splitFirstLine, tokenize, WILDCARD } from './preprocess.ts';
export { EFFECTIVE_SEVERITY_SQL, SEVERITY_LEVELS, SEVERITY_NUMBER } from './log-severity.ts';
export type { SeverityLevel } from './log-severity.ts';
export { readTemplates, writeTemplates } from './template-store.ts';
export type { StoredTemplate, TemplateWriteStore } from './template-store.ts';
