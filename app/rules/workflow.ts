import { REPORT_STATUSES, type ReportStatus } from './domain';

/**
 * The report workflow table, declared once: each action names the permission it needs, the states
 * it may start from and the state it leads to. The server carries it out (`transition()` in
 * `app/models/report/workflow.server.ts`, which puts the status it read in the WHERE of its
 * UPDATE); the review page, the decision form's schema, the notifications and the database's
 * decision enum all take their action lists from here.
 */
export const WORKFLOW = {
  submit: { permission: 'submit:report:own', from: ['draft', 'changes_requested'], to: 'submitted', reviewDecision: false, reasonRequired: false },
  request_changes: { permission: 'review:report:any', from: ['submitted', 'recommended'], to: 'changes_requested', reviewDecision: true, reasonRequired: false },
  recommend: { permission: 'review:report:any', from: ['submitted'], to: 'recommended', reviewDecision: true, reasonRequired: false },
  approve: { permission: 'approve:report:any', from: ['recommended'], to: 'approved', reviewDecision: true, reasonRequired: false },
  reject: { permission: 'review:report:any', from: ['submitted', 'recommended'], to: 'rejected', reviewDecision: true, reasonRequired: true },
  reopen: { permission: 'manage:programme:any', from: ['approved', 'rejected'], to: 'changes_requested', reviewDecision: true, reasonRequired: true },
} as const satisfies Record<
  string,
  { permission: string; from: readonly ReportStatus[]; to: ReportStatus; reviewDecision: boolean; reasonRequired: boolean }
>;

export type WorkflowAction = keyof typeof WORKFLOW;
export const WORKFLOW_ACTIONS = Object.keys(WORKFLOW) as WorkflowAction[];

/** The actions RVO (or an administrator) takes on the review page: every action but submitting. */
export const DECISION_ACTIONS = ['request_changes', 'recommend', 'approve', 'reject', 'reopen'] as const satisfies readonly WorkflowAction[];
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** Actions that need a written reason. */
export const REASON_REQUIRED: ReadonlySet<WorkflowAction> = new Set(WORKFLOW_ACTIONS.filter((a) => WORKFLOW[a].reasonRequired));

export function isDecisionAction(value: unknown): value is DecisionAction {
  return typeof value === 'string' && (DECISION_ACTIONS as readonly string[]).includes(value);
}

/** Reports waiting for a reviewer: submitted, or recommended and waiting for the second pair of eyes. */
export const OPEN_FOR_REVIEW: readonly ReportStatus[] = ['submitted', 'recommended'];

/** The status filter of the reviewer inbox: 'open' (needs a reviewer), 'all', or one status. */
export const INBOX_STATUS_FILTERS = ['open', 'all', ...REPORT_STATUSES] as const;
export type InboxStatusFilter = (typeof INBOX_STATUS_FILTERS)[number];
