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
