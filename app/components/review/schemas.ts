import { z } from 'zod';

/**
 * Form schemas of the review pages, shared by the browser (useValidatedForm) and the actions
 * (parseFormData). Messages are translation keys.
 */

/** The workflow actions a reviewer or administrator takes on the review page (submitting is the project's). */
export const DECISION_ACTIONS = ['request_changes', 'recommend', 'approve', 'reject', 'reopen'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];
export const REASON_REQUIRED_ACTIONS: readonly DecisionAction[] = ['reject', 'reopen'];

export const DecisionSchema = z
  .object({
    decision: z.enum(DECISION_ACTIONS, { errorMap: () => ({ message: 'errors.review.action.required' }) }),
    reason: z.string().trim().max(5000, 'errors.review.reason.tooLong').default(''),
  })
  .superRefine((value, ctx) => {
    if (REASON_REQUIRED_ACTIONS.includes(value.decision) && !value.reason) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['reason'], message: 'errors.review.reason.required' });
    }
  });

export const CommentSchema = z.object({
  body: z
    .string({ required_error: 'errors.review.body.required' })
    .trim()
    .min(1, 'errors.review.body.required')
    .max(5000, 'errors.review.body.tooLong'),
});
