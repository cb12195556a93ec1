// Public API of the routing engine. Everything else in src/routing is internal.
export { buildRoutingIndex } from './build-index';
export { seedRoutingIndex } from './seed-index';
export type { BuildIndexOptions, RoutingIndex } from './build-index';
export { routeCase } from './route-case';
export type { RouteOptions } from './route-case';
export { routeBatchLine, batchLineSchema } from './batch';
export type { BatchAnswer, BatchError, BatchLineResult } from './batch';
export { evaluateRouting } from './evaluate';
export type { GoldCase, RoutingAnswer, RoutingMetrics, RoutingEvaluation } from './evaluate';
export type * from './types';
