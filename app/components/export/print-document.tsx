import { DataTable } from '#app/components/table';

/**
 * The accessible print view of an export or a report dossier (not a route of its own: the print
 * routes render it inside the portal, and the PDF maker renders it to a standalone HTML document
 * that Chromium prints as a tagged PDF). It takes plain, already translated and formatted text, so
 * it renders the same on the server, in the browser and in the PDF.
 *
 * Structure for assistive technology and the PDF outline: one h1, a section per project (h2) with
 * sub-sections (h3), data tables with a caption and column headers (`th scope="col"`), the first
 * cell of a row as its header (`th scope="row"`), key facts as a description list, and warnings
 * (not yet approved) as text, never colour alone.
 */

export interface PrintTable {
  caption: string;
  headers: Array<{ label: string; numeric: boolean }>;
  rows: string[][];
}

export interface PrintSection {
  id: string;
  heading: string;
  /** A prominent warning at the top of the section, e.g. "NOT YET APPROVED". */
  banner?: string;
  paragraphs?: string[];
  facts?: Array<[string, string]>;
  tables?: PrintTable[];
  sections?: PrintSection[];
}

export interface PrintDoc {
  lang: 'nl' | 'en';
  title: string;
  facts: Array<[string, string]>;
  /** A prominent warning under the title, e.g. "NOT YET APPROVED". */
  warning?: string;
  notices: string[];
  sections: PrintSection[];
}

export function ExportPrintDocument({ doc }: { doc: PrintDoc }) {
  return (
    <article className="export-print" lang={doc.lang}>
      <h1>{doc.title}</h1>
      <Facts facts={doc.facts} />
      {doc.warning ? (
        <p className="export-banner">
          <strong>{doc.warning}</strong>
        </p>
      ) : null}
      {doc.notices.map((notice) => (
        <p className="export-notice" key={notice}>
          {notice}
        </p>
      ))}
      {doc.sections.map((section) => (
        <Section key={section.id} section={section} level={2} />
      ))}
    </article>
  );
}

function Facts({ facts }: { facts: Array<[string, string]> | undefined }) {
  if (!facts?.length) return null;
  return (
    <dl className="export-facts">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ section, level }: { section: PrintSection; level: 2 | 3 | 4 }) {
  const Heading = `h${level}` as 'h2' | 'h3' | 'h4';
  const headingId = `${section.id}-title`;
  return (
    <section className={`export-section export-level-${level}`} aria-labelledby={headingId}>
      <Heading id={headingId}>{section.heading}</Heading>
      {section.banner ? (
        <p className="export-banner">
          <strong>{section.banner}</strong>
        </p>
      ) : null}
      {section.paragraphs?.map((text, i) => (
        <p key={i} className="export-text">
          {text}
        </p>
      ))}
      <Facts facts={section.facts} />
      {section.tables?.map((table, i) => (
        <Table key={table.caption} id={`${section.id}-table-${i + 1}`} table={table} />
      ))}
      {section.sections?.map((child) => (
        <Section key={child.id} section={child} level={level === 2 ? 3 : 4} />
      ))}
    </section>
  );
}

function Table({ id, table }: { id: string; table: PrintTable }) {
  if (table.rows.length === 0) return null;
  // Scrollable on narrow screens: focusable and named by its caption, so keyboard users can scroll it.
  return (
    <DataTable id={id} caption={table.caption} className="export-table" columns={table.headers.map((header) => ({ label: header.label, numeric: header.numeric }))}>
      {table.rows.map((row, r) => (
        <tr key={r}>
          {row.map((cell, c) =>
            c === 0 ? (
              <th key={c} scope="row">
                {cell}
              </th>
            ) : (
              <td key={c} className={table.headers[c]?.numeric ? 'num' : undefined}>
                {cell}
              </td>
            ),
          )}
        </tr>
      ))}
    </DataTable>
  );
}

/** The CSS of the standalone document that Chromium prints (the portal uses app.css instead). */
export const PRINT_CSS = `
@page { size: A4; }
html { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #000; }
body { margin: 0; }
h1 { font-size: 18pt; margin: 0 0 8pt; color: #01689b; }
h2 { font-size: 14pt; margin: 18pt 0 6pt; border-bottom: 1.5pt solid #01689b; padding-bottom: 2pt; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 8pt 0 4pt; break-after: avoid; }
.export-level-2 { break-before: page; }
.export-level-2:first-of-type { break-before: auto; }
p { margin: 0 0 6pt; line-height: 1.4; white-space: pre-wrap; }
.export-notice { border-left: 3pt solid #01689b; background: #f1f5f9; padding: 4pt 8pt; }
.export-banner { border: 2pt solid #b00020; color: #b00020; padding: 4pt 8pt; font-size: 11pt; }
.export-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 12pt; margin: 0 0 8pt; }
.export-facts div { display: contents; }
.export-facts dt { font-weight: bold; }
.export-facts dd { margin: 0; white-space: pre-wrap; }
.export-table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; font-size: 8.5pt; }
.export-table caption { text-align: left; font-weight: bold; padding: 2pt 0; }
.export-table th, .export-table td { border: 0.5pt solid #777; padding: 2pt 4pt; text-align: left; vertical-align: top; }
.export-table thead th { background: #e6eef5; }
.export-table tr { break-inside: avoid; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
`;
