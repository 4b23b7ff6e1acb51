/**
 * UI text belongs in the translation files (app/i18n/messages/*.ts), never in a component: a static
 * check over every app/**\/*.tsx file with the TypeScript parser. It fails on
 *  - JSX text with a letter in it (`<p>Opslaan</p>`),
 *  - a string literal or template text with a letter rendered as a JSX child (`{'Opslaan'}`,
 *    `{cond ? 'Ja' : 'Nee'}`),
 *  - a user-visible attribute or text prop with such a literal (`aria-label="Menu"`, `title`, `alt`,
 *    `placeholder`, `label`, `hint`, …).
 * Allowed: punctuation, numbers, codes in capitals (ECOFED, EUR), translation keys handed to a
 * component that translates them, and the short ALLOWED list below, each with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { nl } from '#app/i18n/messages/index';

const ROOT = path.resolve(__dirname, '..');
const APP = path.join(ROOT, 'app');

/** Attributes and component props whose text a user sees or hears. */
const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'alt',
  'placeholder',
  'label',
  'hint',
  'legend',
  'caption',
  'description',
  'heading',
  'summary',
  'message',
  'emptyText',
]);

/** Literal texts that are not language: each with the reason it may stay. */
const ALLOWED: Record<string, string> = {
  'IPCEI CIS': 'the programme’s proper name, the same in every language',
  'EN 301 549': 'a standard’s name',
};

/** Text without a letter (punctuation, numbers, symbols), or a code in capitals and digits. */
function isLanguageFree(text: string): boolean {
  // HTML character references in JSX text (&gt; &nbsp; &#8364;) are symbols, not words.
  const value = text.replace(/&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/g, '·').replace(/\s+/g, ' ').trim();
  if (value === '') return true;
  if (!/\p{L}/u.test(value)) return true;
  if (/^[\p{Lu}\d][\p{Lu}\d .,:;/_+()·&–—-]*$/u.test(value)) return true;
  // A translation key handed to a component that translates it (e.g. `label="admin.users.back"`).
  if (Object.hasOwn(nl, value)) return true;
  return value in ALLOWED;
}

export interface Finding {
  file: string;
  line: number;
  text: string;
  where: string;
}

/** Where a string literal is rendered as a JSX child, directly or through ?:, &&, ||, ??. */
function literalsRenderedBy(expression: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return [expression];
  if (ts.isTemplateExpression(expression)) return [expression.head, ...expression.templateSpans.map((s) => s.literal)];
  if (ts.isParenthesizedExpression(expression)) return literalsRenderedBy(expression.expression);
  if (ts.isConditionalExpression(expression)) return [...literalsRenderedBy(expression.whenTrue), ...literalsRenderedBy(expression.whenFalse)];
  if (ts.isBinaryExpression(expression)) {
    const op = expression.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return literalsRenderedBy(expression.right);
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.PlusToken) {
      return [...literalsRenderedBy(expression.left), ...literalsRenderedBy(expression.right)];
    }
  }
  return [];
}

function literalText(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return node.getText();
}

/** Hard-coded UI text in one TSX source. */
export function findHardCodedText(fileName: string, source: string): Finding[] {
  const sourceFile = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string, where: string) => {
    if (isLanguageFree(text)) return;
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    findings.push({ file: fileName, line: line + 1, text: text.replace(/\s+/g, ' ').trim(), where });
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      report(node, node.text, 'JSX text');
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      for (const literal of literalsRenderedBy(node.expression)) report(literal, literalText(literal), 'JSX child expression');
    } else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sourceFile);
      if (VISIBLE_ATTRIBUTES.has(name) && node.initializer) {
        if (ts.isStringLiteral(node.initializer)) report(node.initializer, node.initializer.text, `attribute ${name}`);
        else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) {
          for (const literal of literalsRenderedBy(node.initializer.expression)) report(literal, literalText(literal), `attribute ${name}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith('.tsx') ? [full] : [];
  });
}

describe('UI text lives in the translation files', () => {
  it('finds hard-coded text in the forms it must catch (so the check below can fail)', () => {
    const sample = `
      export function Sample({ ok, t }) {
        return (
          <section aria-label="Hoofdmenu">
            <h1>Voortgang</h1>
            <p>{ok ? 'Klaar' : t('x')}</p>
            <img alt="Logo van RVO" src="/x.svg" />
            <TextField label={'Naam'} hint={\`Vul in\`} />
            <p>{ok && "Bezig"}</p>
          </section>
        );
      }`;
    expect(findHardCodedText('sample.tsx', sample).map((f) => f.text)).toEqual([
      'Hoofdmenu',
      'Voortgang',
      'Klaar',
      'Logo van RVO',
      'Naam',
      'Vul in',
      'Bezig',
    ]);
  });

  it('lets through what is not language: punctuation, numbers, codes, keys, class names and allowed names', () => {
    const sample = `
      export function Sample({ t, code, n }) {
        return (
          <div className="summary-list" id="x-title" data-testid="sum">
            <h1>{code} – {t('project.title')}</h1>
            <p>({n}) · € 1.234,56 / 2025 (&gt; 25%)&nbsp;</p>
            <p>ECOFED · EUR · IPCEI CIS</p>
            <a href="/programma" lang="en" aria-labelledby="x-title">{t('a.b')}</a>
            {' '}
          </div>
        );
      }`;
    expect(findHardCodedText('sample.tsx', sample)).toEqual([]);
  });

  it('has no hard-coded UI text in app/**/*.tsx', () => {
    const findings = tsxFiles(APP).flatMap((file) => findHardCodedText(path.relative(ROOT, file), fs.readFileSync(file, 'utf8')));
    const message = findings.map((f) => `  ${f.file}:${f.line} (${f.where}): ${JSON.stringify(f.text)}`).join('\n');
    expect(findings, `UI text written outside the translation files (app/i18n/messages):\n${message}`).toEqual([]);
  });
});
