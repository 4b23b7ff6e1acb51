import { defineMessages } from '../define';

/**
 * UI text of a partner's cost part page (`app/routes/report/cost-part.tsx`): the cost lines with
 * their live amount, adding and removing lines, and withdrawing a sign-off. The labels of the
 * fields themselves are `report.costs.*`.
 */
export const costPart = defineMessages({
  nl: {
    'costPart.personnelHint.rate': 'Bij personeel is elke regel één persoon: vul het personeelsnummer of de functiecode en de uren in. Het bedrag is uren × uurtarief ({rate}).',
    'costPart.personnelHint.wage':
      'Bij personeel is elke regel één persoon: vul het personeelsnummer of de functiecode, de uren en de loonkosten per jaar in. Het uurtarief is de loonkosten gedeeld door {hours} uur, plus {surcharge}% opslag.',
    'costPart.emptyLinesHint': 'Lege regels worden niet opgeslagen.',
    'costPart.employeeRefHint': 'Bijvoorbeeld P-1042 of ONDZ-3. Vul geen naam in.',
    'costPart.hoursHint': 'Hoogstens {ceiling} uur: de productieve uren van één persoon in een jaar.',
    'costPart.wageHint': 'De loonkosten van deze persoon in het hele jaar, bijvoorbeeld 65.000,00',
    'costPart.lineAmount': 'Bedrag van deze regel',
    'costPart.lineAmountPending': 'nog niet te berekenen: vul de uren in',
    'costPart.lineAmountPendingWage': 'nog niet te berekenen: vul de uren en de loonkosten per jaar in',
    'costPart.addLine': 'Regel toevoegen',
    'costPart.removeLine': 'Deze regel verwijderen',
    'costPart.removeLineWhich': '(regel {n})',
    'costPart.lineAdded': 'Regel {n} is toegevoegd.',
    'costPart.lineRemoved': 'Regel {n} is verwijderd. De regels daarna zijn opnieuw genummerd.',
    'costPart.withdrawHint': 'Wilt u dit deel nog wijzigen? Trek dan de aftekening in. De penvoerder kan het rapport pas indienen als u het deel opnieuw aftekent.',
    'costPart.withdraw': 'Aftekening intrekken',
  },
  en: {
    'costPart.personnelHint.rate': 'For personnel, each line is one person: enter the personnel number or role code and the hours. The amount is hours × hourly rate ({rate}).',
    'costPart.personnelHint.wage':
      'For personnel, each line is one person: enter the personnel number or role code, the hours and the annual wage costs. The hourly rate is the wage costs divided by {hours} hours, plus a {surcharge}% surcharge.',
    'costPart.emptyLinesHint': 'Empty lines are not saved.',
    'costPart.employeeRefHint': 'For example P-1042 or ONDZ-3. Do not enter a name.',
    'costPart.hoursHint': 'At most {ceiling} hours: the productive hours of one person in a year.',
    'costPart.wageHint': 'The wage costs of this person for the whole year, for example 65,000.00',
    'costPart.lineAmount': 'Amount of this line',
    'costPart.lineAmountPending': 'cannot be calculated yet: enter the hours',
    'costPart.lineAmountPendingWage': 'cannot be calculated yet: enter the hours and the annual wage costs',
    'costPart.addLine': 'Add a line',
    'costPart.removeLine': 'Remove this line',
    'costPart.removeLineWhich': '(line {n})',
    'costPart.lineAdded': 'Line {n} has been added.',
    'costPart.lineRemoved': 'Line {n} has been removed. The lines after it have been renumbered.',
    'costPart.withdrawHint': 'Do you want to change this part? Then withdraw the sign-off. The lead partner can only submit the report once you have signed off the part again.',
    'costPart.withdraw': 'Withdraw the sign-off',
  },
});
