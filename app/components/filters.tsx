import { Form, Link } from '@remix-run/react';
import { CheckboxField, SelectField, TextField, type Option } from '#app/components/form/index';

/**
 * The one filter form of the lists and dashboards: an ordinary GET form (the filters end up in the
 * address, so a filtered view can be shared and works without JavaScript) with labelled selects and
 * checkboxes, an "apply" button and optionally a link that clears the filters. Field ids are
 * `id-name` (`filter-jaar`), as in every form. Keyboard use is the browser's own: no control
 * changes the page by itself (WCAG 3.2.2), the user applies the filters with the button.
 *
 *   <FilterForm id="filter" heading={t('…')} apply={t('…')} reset={{ href: '/dashboard', label: t('…') }}
 *     filters={[{ type: 'select', name: 'jaar', label: t('…'), options, value: year, any: t('…') },
 *               { type: 'checkbox', name: 'telaat', label: t('…'), checked: overdue }]}
 *     hidden={{ sorteer: sort }} />
 */
export type Filter =
  | {
      type: 'select';
      name: string;
      label: string;
      options: readonly Option[];
      /** The current value, from the address ('' or null: none chosen). */
      value: string | number | null | undefined;
      /** The words of the blank first option ("all"); without it one of the options is always chosen. */
      any?: string;
    }
  | { type: 'checkbox'; name: string; label: string; checked: boolean }
  /** A typed value (e.g. a project code where a list would be too long to send with the page). */
  | { type: 'text'; name: string; label: string; hint?: string; value: string | null | undefined; size?: number };

/** Plain values as select options (codes and years show as themselves). */
export function valueOptions(values: ReadonlyArray<string | number>, label: (value: string) => string = (v) => v): Option[] {
  return values.map((value) => ({ value: String(value), label: label(String(value)) }));
}

export function FilterForm({
  id = 'filter',
  heading,
  label,
  filters,
  hidden,
  apply,
  reset,
  className,
}: {
  id?: string;
  /** A heading inside the form that names it (h2). */
  heading?: string;
  /** The form's name when there is no heading. */
  label?: string;
  filters: readonly (Filter | null | false)[];
  /** Settings to keep when the filters are applied (e.g. the sort order). */
  hidden?: Record<string, string | number | null | undefined>;
  apply: string;
  reset?: { href: string; label: string };
  className?: string;
}) {
  const headingId = `${id}-title`;
  return (
    <Form method="get" id={id} className={className} aria-labelledby={heading ? headingId : undefined} aria-label={heading ? undefined : label}>
      {heading ? <h2 id={headingId}>{heading}</h2> : null}
      {Object.entries(hidden ?? {}).map(([name, value]) =>
        value === null || value === undefined || value === '' ? null : <input key={name} type="hidden" name={name} value={value} />,
      )}
      <div className="filter-form">
        {filters.map((filter) =>
          !filter ? null : filter.type === 'select' ? (
            <SelectField
              key={filter.name}
              formId={id}
              name={filter.name}
              label={filter.label}
              options={filter.options}
              placeholder={filter.any}
              defaultValue={filter.value === null || filter.value === undefined ? '' : String(filter.value)}
            />
          ) : filter.type === 'text' ? (
            <TextField
              key={filter.name}
              formId={id}
              name={filter.name}
              label={filter.label}
              hint={filter.hint}
              size={filter.size}
              autoComplete="off"
              defaultValue={filter.value ?? ''}
            />
          ) : (
            <CheckboxField key={filter.name} formId={id} name={filter.name} label={filter.label} value="1" defaultChecked={filter.checked} />
          ),
        )}
        <div className="filter-actions">
          <button type="submit" className="button">
            {apply}
          </button>
          {reset ? <Link to={reset.href}>{reset.label}</Link> : null}
        </div>
      </div>
    </Form>
  );
}
