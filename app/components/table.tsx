import type { ReactNode } from 'react';

/**
 * The one data table: a scrollable, keyboard-focusable region (WCAG 1.4.10 reflow: a wide table
 * scrolls on its own instead of the page) named by its caption or heading, with column headers
 * from `columns`. Rows stay markup of the caller (`<tr>` with `<th scope="row">` first).
 *
 *   <DataTable id="projects" caption={t('…')} columns={[t('…'), { label: t('…'), numeric: true }]}>
 *     {rows.map((r) => <tr key={r.id}><th scope="row">{r.name}</th><td className="num">…</td></tr>)}
 *   </DataTable>
 *
 * `labelledBy` names the region by an existing heading instead of a caption; `foot` fills <tfoot>.
 */
export type Column = ReactNode | { label: ReactNode; numeric?: boolean; hidden?: boolean; key?: string };

export function DataTable({
  id,
  caption,
  captionHidden,
  labelledBy,
  columns,
  children,
  foot,
  className,
}: {
  id: string;
  caption?: ReactNode;
  /** The caption is read out but not shown (a heading above says the same). */
  captionHidden?: boolean;
  labelledBy?: string;
  columns: readonly Column[];
  children: ReactNode;
  foot?: ReactNode;
  className?: string;
}) {
  const captionId = `${id}-caption`;
  return (
    <div className="table-wrap" role="region" aria-labelledby={labelledBy ?? captionId} tabIndex={0}>
      <table id={id} className={className}>
        {caption ? (
          <caption id={captionId} className={captionHidden ? 'visually-hidden' : undefined}>
            {caption}
          </caption>
        ) : null}
        <thead>
          <tr>
            {columns.map((column, i) => {
              const c = isColumnObject(column) ? column : { label: column };
              return (
                <th key={c.key ?? i} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {foot ? <tfoot>{foot}</tfoot> : null}
      </table>
    </div>
  );
}

function isColumnObject(column: Column): column is { label: ReactNode; numeric?: boolean; hidden?: boolean; key?: string } {
  return Boolean(column && typeof column === 'object' && 'label' in (column as object) && !('$$typeof' in (column as object)));
}
