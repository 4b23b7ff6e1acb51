import { Form, useNavigation } from '@remix-run/react';
import { TextAreaField, type FieldErrors } from '#app/components/form/field';
import { useValidatedForm } from '#app/components/form/use-form';
import { ValidatedForm } from '#app/components/form/validated-form';
import { useT } from '#app/i18n/index';
import type { ReportSection } from '#app/rules/sections';
import { CommentSchema } from './schemas';
import { formatDateTime } from '#app/rules/dates';

/** A thread as the loader sends it (dates as strings after serialisation). */
export interface ThreadData {
  id: string;
  section: ReportSection | null;
  revision: number;
  body: string;
  authorName: string;
  createdAt: string | Date;
  resolvedAt: string | Date | null;
  resolvedByName: string | null;
  replies: Array<{ id: string; body: string; authorName: string; createdAt: string | Date }>;
}

export interface ThreadPermissions {
  ask: boolean;
  reply: boolean;
  resolve: boolean;
}

/** What an action answers when a comment form has errors: which form, and its field errors. */
export interface CommentFormErrors {
  form: string;
  errors: FieldErrors;
}

const FIELDS = ['body'] as const;

export function CommentForm({
  formId,
  intent,
  hidden,
  label,
  hint,
  submitLabel,
  serverErrors,
  action,
}: {
  formId: string;
  intent: string;
  hidden: Record<string, string>;
  label: string;
  hint?: string;
  submitLabel: string;
  serverErrors?: FieldErrors;
  action?: string;
}) {
  const navigation = useNavigation();
  const state = useValidatedForm(CommentSchema, { serverErrors });
  const { form, errors } = state;
  return (
    <ValidatedForm id={formId} state={state} order={FIELDS} action={action} className="form comment-form">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextAreaField formId={formId} rows={4} label={label} hint={hint} error={errors.body} {...form.register('body')} />
      <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
        {submitLabel}
      </button>
    </ValidatedForm>
  );
}

/** The question threads of one section (or the general thread), with answer and resolve controls. */
export function Threads({
  threads,
  section,
  permissions,
  formErrors,
  action,
  hidden = {},
  headingLevel = 3,
}: {
  threads: readonly ThreadData[];
  section: ReportSection | null;
  permissions: ThreadPermissions;
  formErrors?: CommentFormErrors | null;
  action?: string;
  /** Extra hidden fields for every form (e.g. reportId, redirectTo). */
  hidden?: Record<string, string>;
  headingLevel?: 3 | 4;
}) {
  const { t, locale } = useT();
  const navigation = useNavigation();
  const Heading = `h${headingLevel}` as 'h3' | 'h4';
  const sectionKey = section ?? 'general';
  const askFormId = `ask-${sectionKey}`;
  return (
    <div className="threads">
      {threads.length === 0 ? <p className="muted">{t('review.threads.none')}</p> : null}
      {threads.map((thread) => {
        const replyFormId = `reply-${thread.id}`;
        const replyErrors = formErrors?.form === replyFormId ? formErrors.errors : undefined;
        return (
          <article key={thread.id} className={`thread${thread.resolvedAt ? ' thread-resolved' : ''}`} aria-labelledby={`thread-${thread.id}`}>
            <Heading id={`thread-${thread.id}`} className="thread-meta">
              {thread.resolvedAt ? (
                <span className="tag tag-approved">{t('review.threads.resolved', { name: thread.resolvedByName ?? '', date: formatDateTime(new Date(thread.resolvedAt), locale) })}</span>
              ) : (
                <span className="tag tag-changes_requested">{t('review.threads.open')}</span>
              )}{' '}
              {t('review.threads.askedBy', { name: thread.authorName, date: formatDateTime(new Date(thread.createdAt), locale) })}
            </Heading>
            <p className="thread-body">{thread.body}</p>
            {thread.replies.length > 0 ? (
              <ol className="thread-replies">
                {thread.replies.map((reply) => (
                  <li key={reply.id}>
                    <p className="thread-meta muted">{t('review.threads.askedBy', { name: reply.authorName, date: formatDateTime(new Date(reply.createdAt), locale) })}</p>
                    <p className="thread-body">{reply.body}</p>
                  </li>
                ))}
              </ol>
            ) : null}
            {permissions.resolve ? (
              <Form method="post" action={action} className="inline-form">
                {Object.entries(hidden).map(([name, value]) => (
                  <input key={name} type="hidden" name={name} value={value} />
                ))}
                <input type="hidden" name="intent" value={thread.resolvedAt ? 'unresolve' : 'resolve'} />
                <input type="hidden" name="threadId" value={thread.id} />
                <button type="submit" className="button button-secondary button-small" disabled={navigation.state === 'submitting'}>
                  {thread.resolvedAt ? t('review.threads.reopen') : t('review.threads.resolve')}
                </button>
              </Form>
            ) : null}
            {permissions.reply ? (
              <details className="reply" open={Boolean(replyErrors)}>
                <summary>{t('review.threads.reply')}</summary>
                <CommentForm
                  formId={replyFormId}
                  intent="reply"
                  hidden={{ ...hidden, threadId: thread.id }}
                  label={t('review.threads.replyLabel')}
                  submitLabel={t('review.threads.replySubmit')}
                  serverErrors={replyErrors}
                  action={action}
                />
              </details>
            ) : null}
          </article>
        );
      })}
      {permissions.ask ? (
        <details className="ask" open={formErrors?.form === askFormId}>
          <summary>{t('review.threads.ask')}</summary>
          <CommentForm
            formId={askFormId}
            intent="ask"
            hidden={{ ...hidden, section: section ?? '' }}
            label={t('review.threads.askLabel')}
            hint={t('review.threads.askHint')}
            submitLabel={t('review.threads.askSubmit')}
            serverErrors={formErrors?.form === askFormId ? formErrors.errors : undefined}
            action={action}
          />
        </details>
      ) : null}
    </div>
  );
}
