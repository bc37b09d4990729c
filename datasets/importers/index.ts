/** Importers of third-party labelled datasets into the dataset format. */
export { importDataset, IMPORT_FORMATS, type ImportFormat, type ImportOptions, type ImportSummary } from './import-dataset.ts';
export type { ImportedCase } from './case-output.ts';
export { METRIC_MAPPINGS, parseMetricColumn, type MetricMapping, type MetricColumn } from './metric-mapping.ts';
export { RCAEVAL_FAULTS } from './rcaeval-layout.ts';
export { SOCK_SHOP_FAULTS } from './sock-shop-importer.ts';
