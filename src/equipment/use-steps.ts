// The steps of a use request, for every transport: who may take each (policy action)
// and how its body is read and applied. The API and the pages both go through here.
import type { z } from 'zod';
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { validate } from '../core/http/validate';
import type { UseDoc } from './use-model';
import { cancelUse, completeUse, confirmUse, declineUse, useToChange, type LoadedUse } from './use-requests';
import { completeUseSchema, confirmUseSchema, reasonSchema } from './use-schemas';

type Apply<T> = (ctx: AppContext, actor: Actor, loaded: LoadedUse, input: T) => Promise<UseDoc>;

/** A step: the policy action that may take it, and its body read by `schema` then applied. */
const step = <T>(action: 'equipment:handle' | 'equipment:cancel', schema: z.ZodType<T>, apply: Apply<T>) => ({
  action,
  run: (ctx: AppContext, actor: Actor, loaded: LoadedUse, body: unknown) =>
    apply(ctx, actor, loaded, validate(schema, body)),
});

export const USE_STEPS = {
  confirm: step('equipment:handle', confirmUseSchema, confirmUse),
  decline: step('equipment:handle', reasonSchema, (ctx, actor, loaded, { reason }) =>
    declineUse(ctx, actor, loaded, reason),
  ),
  complete: step('equipment:handle', completeUseSchema, completeUse),
  cancel: step('equipment:cancel', reasonSchema, (ctx, actor, loaded, { reason }) =>
    cancelUse(ctx, actor, loaded, reason),
  ),
} as const;
export type UseStep = keyof typeof USE_STEPS;
export const STEP_NAMES = Object.keys(USE_STEPS) as UseStep[];

/** Takes a step: authorised on the request first, then its body read and applied. */
export async function takeStep(
  ctx: AppContext,
  actor: Actor,
  id: string,
  step: UseStep,
  body: unknown,
): Promise<UseDoc> {
  const { action, run } = USE_STEPS[step];
  const loaded = await useToChange(actor, id, action);
  return run(ctx, actor, loaded, body ?? {});
}
