import { defineMessages } from '../define';

/**
 * The accessibility statement (/toegankelijkheid, in the structure of the Dutch model statement of
 * the Besluit digitale toegankelijkheid overheid) and the privacy statement (/privacy).
 */
export const legal = defineMessages({
  nl: {
    'legal.a11y.title': 'Toegankelijkheidsverklaring',
    'legal.a11y.intro':
      'De Rijksdienst voor Ondernemend Nederland (RVO) wil dat iedereen het IPCEI-voortgangsportaal kan gebruiken, ook mensen met een beperking.',
    'legal.a11y.commitment.title': 'Verklaring',
    'legal.a11y.commitment.body':
      'RVO streeft ernaar het IPCEI-voortgangsportaal toegankelijk te maken volgens het Besluit digitale toegankelijkheid overheid. Dat betekent: het portaal moet voldoen aan de Europese norm EN 301 549 en aan de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau A en AA.',
    'legal.a11y.scope.title': 'Waar deze verklaring over gaat',
    'legal.a11y.scope.body':
      'Deze verklaring gaat over alle pagina’s van het IPCEI-voortgangsportaal: inloggen, de projectpagina’s, het invullen en indienen van voortgangsrapportages, het beoordelen, de dashboards, de exports en het beheer. Het portaal is een extranet voor de deelnemers aan IPCEI CIS en voor medewerkers van RVO en het ministerie van Economische Zaken.',
    'legal.a11y.status.title': 'Nalevingsstatus',
    'legal.a11y.status.label': 'Status',
    'legal.a11y.status.value': 'B – voldoet gedeeltelijk',
    'legal.a11y.status.body':
      'Het portaal voldoet gedeeltelijk aan de eisen. De geautomatiseerde tests hieronder vinden geen fouten tegen WCAG 2.1 A en AA. Maar een volledig onderzoek door een onafhankelijke deskundige volgens de WCAG-EM-methode is nog niet gedaan. Automatische tests vinden maar een deel van de mogelijke problemen. Daarom noemen wij de status nog niet ‘voldoet volledig’.',
    'legal.a11y.tests.title': 'Hoe wij het portaal testen',
    'legal.a11y.tests.body':
      'Bij elke wijziging draaien browsertests met Chromium. Zij lopen de hele cyclus door: partners vullen hun kosten in, de penvoerder dient in, beoordelaars stellen vragen en keuren goed, EZ bekijkt de dashboards en exporteert. Op elke pagina die deze tests bezoeken controleert axe-core de WCAG 2.1 A- en AA-regels, in het Nederlands en in het Engels.',
    'legal.a11y.tests.keyboard': 'Een onderdeel invullen en indienen gaat met alleen het toetsenbord, met zichtbare focus.',
    'legal.a11y.tests.errors': 'Na een fout krijgt de foutsamenvatting de focus en brengen de links u naar het veld.',
    'legal.a11y.tests.reflow': 'Bij 320 pixels breed en bij 200% zoom valt er niets buiten beeld.',
    'legal.a11y.tests.nojs': 'Inloggen en het indienen van het hoofdformulier werken ook zonder JavaScript.',
    'legal.a11y.tests.language': 'De taal van de pagina en van stukken in een andere taal is aangegeven.',
    'legal.a11y.results.title': 'Laatste testresultaten',
    'legal.a11y.results.date': 'Datum van de test',
    'legal.a11y.results.pages': 'Pagina’s gecontroleerd door axe',
    'legal.a11y.results.violations': 'Fouten tegen WCAG 2.1 A en AA',
    'legal.a11y.results.wcag22': 'Meldingen voor WCAG 2.2 AA (ter informatie)',
    'legal.a11y.results.none': 'Er zijn nog geen testresultaten vastgelegd.',
    'legal.a11y.issues.title': 'Bekende problemen',
    'legal.a11y.issues.audit': 'Een volledig handmatig onderzoek (WCAG-EM) door een onafhankelijke deskundige ontbreekt nog. Wij laten dit onderzoek doen voordat het portaal echt in gebruik gaat.',
    'legal.a11y.issues.attachments': 'Bijlagen die gebruikers zelf uploaden (zoals pdf-bestanden met bewijsstukken) controleren wij niet op toegankelijkheid.',
    'legal.a11y.issues.wcag22': 'Wij bouwen volgens WCAG 2.2 AA, maar de nieuwe regels van WCAG 2.2 zijn nog niet allemaal getest.',
    'legal.a11y.contact.title': 'Contact en klachten',
    'legal.a11y.contact.body':
      'Kunt u iets niet gebruiken, of heeft u een vraag over toegankelijkheid? Neem contact op met RVO via het algemene telefoonnummer of het contactformulier op rvo.nl. Wij antwoorden binnen 5 werkdagen. Bent u niet tevreden over hoe wij uw klacht behandelen? Dan kunt u contact opnemen met de Nationale ombudsman.',
    'legal.a11y.date.title': 'Opstelling van deze verklaring',
    'legal.a11y.date.body': 'Deze verklaring is opgesteld op {date} op basis van de eigen tests die hierboven staan. De testresultaten worden bij elke testronde bijgewerkt.',

    'legal.privacy.title': 'Privacyverklaring',
    'legal.privacy.intro':
      'In het IPCEI-voortgangsportaal verwerkt de Rijksdienst voor Ondernemend Nederland (RVO) persoonsgegevens. Hier leest u welke gegevens, waarom, en wat uw rechten zijn.',
    'legal.privacy.controller.title': 'Wie is verantwoordelijk',
    'legal.privacy.controller.body':
      'RVO voert de subsidieregeling voor IPCEI CIS uit in opdracht van het ministerie van Economische Zaken. De minister van Economische Zaken is verwerkingsverantwoordelijke.',
    'legal.privacy.data.title': 'Welke gegevens wij verwerken',
    'legal.privacy.data.account': 'Uw naam, zakelijk e-mailadres, organisatie en rol in een project.',
    'legal.privacy.data.security': 'Gegevens voor de beveiliging: een versleutelde versie van uw wachtwoord, de geheime sleutel voor de tweestapsverificatie, uw sessies, het IP-adres en de browser bij het inloggen.',
    'legal.privacy.data.audit': 'Het logboek van wat u in het portaal doet, zoals invullen, indienen, beoordelen en exporteren.',
    'legal.privacy.data.reports': 'Wat u in een rapportage invult. Dat gaat over uw organisatie en het project. Soms staan er namen van medewerkers in, bijvoorbeeld bij uren.',
    'legal.privacy.purposes.title': 'Waarvoor wij de gegevens gebruiken',
    'legal.privacy.purposes.body':
      'Wij gebruiken de gegevens om de voortgang van de projecten te volgen, de subsidie te beoordelen en uit te betalen, te rapporteren aan de Europese Commissie en de Tweede Kamer, en om het portaal te beveiligen.',
    'legal.privacy.basis.title': 'Grondslag',
    'legal.privacy.basis.body':
      'Wij verwerken de gegevens omdat dit nodig is voor een taak van algemeen belang: het uitvoeren van de subsidieregeling (artikel 6, lid 1, onder e van de AVG). De verplichting tot rapporteren staat in de subsidiebeschikking.',
    'legal.privacy.retention.title': 'Hoe lang wij de gegevens bewaren',
    'legal.privacy.retention.body':
      'Rapportages en het logboek bewaren wij tot 10 jaar na de vaststelling van de subsidie, zoals de Archiefwet en de Europese regels voor staatssteun vragen. Uw account verwijderen wij 1 jaar nadat het is gedeactiveerd. Sessies verlopen na 30 minuten zonder activiteit en uiterlijk na 12 uur.',
    'legal.privacy.sharing.title': 'Met wie wij gegevens delen',
    'legal.privacy.sharing.body':
      'Alleen de deelnemers van uw eigen project zien de gegevens van dat project. Medewerkers van RVO en het ministerie van Economische Zaken zien ze voor hun taak. Aan de Europese Commissie en het openbare transparantieregister geven wij alleen gegevens over organisaties, geen namen van personen.',
    'legal.privacy.rights.title': 'Uw rechten',
    'legal.privacy.rights.body':
      'U mag uw gegevens inzien, laten verbeteren of aanvullen. U kunt bezwaar maken tegen de verwerking of vragen die te beperken. Stuur uw verzoek aan RVO. U krijgt binnen 1 maand antwoord.',
    'legal.privacy.contact.title': 'Contact en klachten',
    'legal.privacy.contact.body':
      'Heeft u een vraag over privacy? Neem contact op met de functionaris gegevensbescherming van het ministerie van Economische Zaken. Bent u het niet eens met hoe wij met uw gegevens omgaan? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.',
  },
  en: {
    'legal.a11y.title': 'Accessibility statement',
    'legal.a11y.intro':
      'The Netherlands Enterprise Agency (RVO) wants everyone to be able to use the IPCEI progress portal, including people with a disability.',
    'legal.a11y.commitment.title': 'Statement',
    'legal.a11y.commitment.body':
      'RVO aims to make the IPCEI progress portal accessible in accordance with the Dutch Digital Accessibility (Government) Decree. This means the portal must meet the European standard EN 301 549 and the Web Content Accessibility Guidelines (WCAG) 2.1 at level A and AA.',
    'legal.a11y.scope.title': 'What this statement covers',
    'legal.a11y.scope.body':
      'This statement covers every page of the IPCEI progress portal: signing in, the project pages, filling in and submitting progress reports, reviewing, the dashboards, the exports and administration. The portal is an extranet for the participants in IPCEI CIS and for staff of RVO and the Ministry of Economic Affairs.',
    'legal.a11y.status.title': 'Compliance status',
    'legal.a11y.status.label': 'Status',
    'legal.a11y.status.value': 'B – partially compliant',
    'legal.a11y.status.body':
      'The portal is partially compliant. The automated tests below find no failures against WCAG 2.1 A and AA. But a full evaluation by an independent expert following the WCAG-EM method has not been done yet. Automated tests find only part of the possible problems. That is why we do not yet call the status ‘fully compliant’.',
    'legal.a11y.tests.title': 'How we test the portal',
    'legal.a11y.tests.body':
      'Browser tests with Chromium run on every change. They walk through the whole cycle: partners fill in their costs, the lead partner submits, reviewers ask questions and approve, the Ministry looks at the dashboards and exports. On every page these tests visit, axe-core checks the WCAG 2.1 A and AA rules, in Dutch and in English.',
    'legal.a11y.tests.keyboard': 'A section can be completed and submitted with the keyboard only, with visible focus.',
    'legal.a11y.tests.errors': 'After an error, the error summary receives focus and its links take you to the field.',
    'legal.a11y.tests.reflow': 'At 320 pixels wide and at 200% zoom nothing is cut off.',
    'legal.a11y.tests.nojs': 'Signing in and submitting the main form also work without JavaScript.',
    'legal.a11y.tests.language': 'The language of the page and of parts in another language is marked.',
    'legal.a11y.results.title': 'Latest test results',
    'legal.a11y.results.date': 'Date of the test',
    'legal.a11y.results.pages': 'Pages checked by axe',
    'legal.a11y.results.violations': 'Failures against WCAG 2.1 A and AA',
    'legal.a11y.results.wcag22': 'Findings for WCAG 2.2 AA (for information)',
    'legal.a11y.results.none': 'No test results have been recorded yet.',
    'legal.a11y.issues.title': 'Known issues',
    'legal.a11y.issues.audit': 'A full manual evaluation (WCAG-EM) by an independent expert is still missing. We will have it done before the portal is taken into real use.',
    'legal.a11y.issues.attachments': 'We do not check attachments that users upload themselves (such as PDF files with evidence) for accessibility.',
    'legal.a11y.issues.wcag22': 'We build to WCAG 2.2 AA, but not all of the new WCAG 2.2 rules are tested yet.',
    'legal.a11y.contact.title': 'Contact and complaints',
    'legal.a11y.contact.body':
      'Is there something you cannot use, or do you have a question about accessibility? Contact RVO by its general telephone number or the contact form on rvo.nl. We answer within 5 working days. Are you not satisfied with how we handle your complaint? Then you can contact the National Ombudsman.',
    'legal.a11y.date.title': 'Preparation of this statement',
    'legal.a11y.date.body': 'This statement was prepared on {date}, based on the own tests listed above. The test results are updated with every test run.',

    'legal.privacy.title': 'Privacy statement',
    'legal.privacy.intro':
      'The Netherlands Enterprise Agency (RVO) processes personal data in the IPCEI progress portal. Here you can read which data, why, and what your rights are.',
    'legal.privacy.controller.title': 'Who is responsible',
    'legal.privacy.controller.body':
      'RVO carries out the IPCEI CIS subsidy scheme on behalf of the Ministry of Economic Affairs. The Minister of Economic Affairs is the controller.',
    'legal.privacy.data.title': 'Which data we process',
    'legal.privacy.data.account': 'Your name, business e-mail address, organisation and role in a project.',
    'legal.privacy.data.security': 'Data for security: a hashed version of your password, the secret key for two-step verification, your sessions, the IP address and browser when you sign in.',
    'legal.privacy.data.audit': 'The log of what you do in the portal, such as filling in, submitting, reviewing and exporting.',
    'legal.privacy.data.reports': 'What you fill in in a report. That is about your organisation and the project. Sometimes it holds names of employees, for example with hours.',
    'legal.privacy.purposes.title': 'What we use the data for',
    'legal.privacy.purposes.body':
      'We use the data to follow the progress of the projects, to assess and pay the subsidy, to report to the European Commission and the Dutch parliament, and to keep the portal secure.',
    'legal.privacy.basis.title': 'Legal basis',
    'legal.privacy.basis.body':
      'We process the data because it is necessary for a task in the public interest: carrying out the subsidy scheme (Article 6(1)(e) GDPR). The obligation to report is set out in the grant decision.',
    'legal.privacy.retention.title': 'How long we keep the data',
    'legal.privacy.retention.body':
      'We keep reports and the log for up to 10 years after the final settlement of the subsidy, as the Dutch Public Records Act and the European state aid rules require. We delete your account 1 year after it has been deactivated. Sessions end after 30 minutes without activity and after 12 hours at the latest.',
    'legal.privacy.sharing.title': 'Who we share data with',
    'legal.privacy.sharing.body':
      'Only the participants of your own project see that project’s data. Staff of RVO and the Ministry of Economic Affairs see it for their task. We give the European Commission and the public transparency register only data about organisations, no names of people.',
    'legal.privacy.rights.title': 'Your rights',
    'legal.privacy.rights.body':
      'You may see your data and have it corrected or completed. You can object to the processing or ask to restrict it. Send your request to RVO. You will get an answer within 1 month.',
    'legal.privacy.contact.title': 'Contact and complaints',
    'legal.privacy.contact.body':
      'Do you have a question about privacy? Contact the data protection officer of the Ministry of Economic Affairs. Do you disagree with how we handle your data? Then you can file a complaint with the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).',
  },
});
