import { z } from 'zod';
import { LIMITS } from '#app/rules/limits';
import { DECISION_ACTIONS, REASON_REQUIRED } from '#app/rules/workflow';

/**
 * Form schemas of the review pages, shared by the browser (useValidatedForm) and the actions
 * (parseForm). The actions come from the one workflow table (app/rules/workflow.ts).
 */
export const DecisionSchema = z
  .object({
    decision: z.enum(DECISION_ACTIONS, { errorMap: () => ({ message: 'errors.review.action.required' }) }),
    reason: z.string({ invalid_type_error: 'errors.review.reason.tooLong' }).trim().max(LIMITS.comment, 'errors.review.reason.tooLong').default(''),
  })
  .superRefine((value, ctx) => {
    if (REASON_REQUIRED.has(value.decision) && !value.reason) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['reason'], message: 'errors.review.reason.required' });
    }
  });

export const CommentSchema = z.object({
  body: z
    .string({ required_error: 'errors.review.body.required', invalid_type_error: 'errors.review.body.required' })
    .trim()
    .min(1, 'errors.review.body.required')
    .max(LIMITS.comment, 'errors.review.body.tooLong'),
});
