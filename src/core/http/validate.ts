import type { z } from 'zod';
import { badRequest, type FieldErrors } from '../errors';

/** Parses input with a schema; failures become a 400 with one message per field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  throw badRequest('입력값을 확인해 주세요.', fields);
}
