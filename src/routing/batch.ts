// One line of the batch format: a JSON case in, a compact JSON answer (or an error
// naming the case id or line number) out. Fields other than the case's are ignored.
import { z } from 'zod';
import type { RoutingIndex } from './build-index';
import { routeCase } from './route-case';
import type { RoutingSignals } from './types';

export const batchLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]),
  title: z.string().trim().min(1),
  description: z.string().trim().min(1),
  industry: z.string().optional(),
  field: z.string().optional(),
  region: z.string().optional(),
  supportTypes: z.array(z.string()).optional(),
  equipment: z.string().optional(),
  supplyChainItem: z.boolean().optional(),
});

export interface BatchAnswer {
  id: string | number;
  ranked: { institute: string; score: number; reasons: string[] }[];
  team: string[];
  convergence: boolean;
}

export interface BatchError {
  id?: string | number;
  line: number;
  error: string;
}

export type BatchLineResult = { ok: true; answer: BatchAnswer } | { ok: false; error: BatchError };

function idOf(value: unknown): string | number | undefined {
  if (typeof value !== 'object' || value === null || !('id' in value)) return undefined;
  const id: unknown = value.id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Routes one batch line (1-based `line` for error messages). */
export function routeBatchLine(
  index: RoutingIndex,
  text: string,
  line: number,
  signals: RoutingSignals = {},
): BatchLineResult {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, error: { line, error: json.message } };
  const parsed = batchLineSchema.safeParse(json.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`);
    const id = idOf(json.value);
    return { ok: false, error: { ...(id === undefined ? {} : { id }), line, error: problems.join('; ') } };
  }
  const { id, ...request } = parsed.data;
  const result = routeCase(index, request, signals);
  return {
    ok: true,
    answer: {
      id,
      ranked: result.ranked.map(({ institute, score, reasons }) => ({ institute, score, reasons })),
      team: result.team,
      convergence: result.convergence,
    },
  };
}
