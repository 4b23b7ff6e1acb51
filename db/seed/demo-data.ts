/**
 * Demo content for the IPCEI CIS portal: plain typed data, no database code (see ./index.ts).
 *
 * Everything financial here is illustrative. Budgets and the 2024 cost lines are derived from a few
 * figures per partner by the small pure helpers below, so that the numbers always add up.
 */
import type {
  AidBasis,
  CostCategory,
  CostMethod,
  EnterpriseType,
  MilestoneStatus,
  ReportSection,
  ReviewDecision,
  RISK_LEVELS,
  SectionStatus,
  SPILLOVER_TYPES,
} from '#db/schema/index';
import { DEFAULT_PRODUCTIVE_HOURS, personnelRateCents, rateFromWage } from '#app/rules/costs';

export const ILLUSTRATIVE_NOTE =
  'Demo data. All figures are illustrative: the per-project and per-partner split of the at most ' +
  '€71.2 million Dutch IPCEI CIS subsidy is not public. Granted amounts, budgets, costs, payments, ' +
  'hourly rates, KvK numbers, grant decision references, SA numbers, dates, the choice of lead partner ' +
  '(penvoerder), people and report texts are invented for demonstration and testing.';

const CATEGORIES: readonly CostCategory[] = ['personnel', 'equipment', 'materials', 'third_party', 'other'];

// ---------------------------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------------------------

export type OrgKey =
  | 'tno'
  | 'infosupport'
  | 'i3d'
  | 'bit'
  | 'amsix'
  | 'asperitas'
  | 'betterbe'
  | 'deerns'
  | 'eurofiber'
  | 'nbip'
  | 'utwente'
  | 'leaseweb';

export interface DemoOrganisation {
  key: OrgKey;
  name: string;
  /** Short code used in payment references, e.g. VS-2024-ECOFED-TNO-1. */
  shortCode: string;
  /** Demo KvK number (8 digits, 9990xxxx): NOT the organisation's real registration. */
  kvkNumber: string;
  enterpriseType: EnterpriseType;
  /** NUTS 2 region of the organisation's home base. */
  nuts2Region: string;
  naceCode: string;
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { key: 'tno', name: 'TNO', shortCode: 'TNO', kvkNumber: '99900001', enterpriseType: 'research', nuts2Region: 'NL33', naceCode: '72.1' },
  { key: 'infosupport', name: 'Info Support', shortCode: 'INFOSUPPORT', kvkNumber: '99900002', enterpriseType: 'large', nuts2Region: 'NL31', naceCode: '62.0' },
  { key: 'i3d', name: 'i3D.net', shortCode: 'I3D', kvkNumber: '99900003', enterpriseType: 'large', nuts2Region: 'NL33', naceCode: '63.11' },
  { key: 'bit', name: 'BIT', shortCode: 'BIT', kvkNumber: '99900004', enterpriseType: 'sme', nuts2Region: 'NL22', naceCode: '63.11' },
  { key: 'amsix', name: 'AMS-IX', shortCode: 'AMSIX', kvkNumber: '99900005', enterpriseType: 'sme', nuts2Region: 'NL32', naceCode: '61.1' },
  { key: 'asperitas', name: 'Asperitas', shortCode: 'ASPERITAS', kvkNumber: '99900006', enterpriseType: 'sme', nuts2Region: 'NL32', naceCode: '28.25' },
  { key: 'betterbe', name: 'BetterBe', shortCode: 'BETTERBE', kvkNumber: '99900007', enterpriseType: 'sme', nuts2Region: 'NL21', naceCode: '62.0' },
  { key: 'deerns', name: 'Deerns', shortCode: 'DEERNS', kvkNumber: '99900008', enterpriseType: 'large', nuts2Region: 'NL33', naceCode: '71.1' },
  { key: 'eurofiber', name: 'Eurofiber', shortCode: 'EUROFIBER', kvkNumber: '99900009', enterpriseType: 'large', nuts2Region: 'NL31', naceCode: '61.1' },
  { key: 'nbip', name: 'NBIP', shortCode: 'NBIP', kvkNumber: '99900010', enterpriseType: 'sme', nuts2Region: 'NL22', naceCode: '63.11' },
  { key: 'utwente', name: 'Universiteit Twente', shortCode: 'UT', kvkNumber: '99900011', enterpriseType: 'research', nuts2Region: 'NL21', naceCode: '85.4' },
  { key: 'leaseweb', name: 'Leaseweb', shortCode: 'LEASEWEB', kvkNumber: '99900012', enterpriseType: 'large', nuts2Region: 'NL32', naceCode: '63.11' },
];

// ---------------------------------------------------------------------------------------------
// Programme
// ---------------------------------------------------------------------------------------------

export const DEMO_PROGRAMME = {
  code: 'IPCEI-CIS',
  name: 'IPCEI Cloud Infrastructure and Services (IPCEI CIS)',
  subsidyCapCents: 7_120_000_000,
  firstReportingYear: 2024,
  lastReportingYear: 2031,
  reportDueMonth: 2,
  reportDueDay: 1,
  grantingAuthority: 'Ministerie van Economische Zaken',
  fourEyes: true,
} as const;

// ---------------------------------------------------------------------------------------------
// Projects, partners, work packages, milestones
// ---------------------------------------------------------------------------------------------

export type ProjectCode = 'ECOFED' | 'MISD' | 'ECC';

/** Share of the eligible costs per category, in whole percent (sums to 100). */
type CategoryShares = Record<CostCategory, number>;

const SHARES_SOFTWARE: CategoryShares = { personnel: 68, equipment: 8, materials: 6, third_party: 13, other: 5 };
const SHARES_INFRA: CategoryShares = { personnel: 48, equipment: 27, materials: 10, third_party: 10, other: 5 };
const SHARES_RESEARCH: CategoryShares = { personnel: 72, equipment: 10, materials: 7, third_party: 6, other: 5 };
const SHARES_ENGINEERING: CategoryShares = { personnel: 70, equipment: 4, materials: 6, third_party: 15, other: 5 };

export interface DemoPartner {
  organisation: OrgKey;
  grantedCents: number;
  grantedOn: string;
  costMethod: CostMethod;
  hourlyRateCents: number;
  /** Total planned eligible costs over the project's life (the budget rows are derived from it). */
  eligibleCostsCents: number;
  shares: CategoryShares;
}

export interface DemoMilestone {
  code: string;
  title: string;
  plannedDate: string;
}

export interface DemoWorkPackage {
  code: string;
  title: string;
  description: string;
  milestones: DemoMilestone[];
}

export interface DemoProject {
  code: ProjectCode;
  name: string;
  description: string;
  aidBasis: AidBasis;
  lead: OrgKey;
  grantDecisionReference: string;
  grantDecisionDate: string;
  aidMeasureNumber: string;
  aidObjective: string;
  startDate: string;
  endDate: string;
  /** Relative weight of each project year in the budget, first year first. */
  yearWeights: number[];
  partners: DemoPartner[];
  workPackages: DemoWorkPackage[];
}

const euro = (amount: number) => amount * 100;

const GBER_OBJECTIVE =
  'Research and development within an Important Project of Common European Interest (GBER, Regulation (EU) 651/2014, Art. 25)';
const IPCEI_OBJECTIVE =
  'Important Project of Common European Interest – research, development and first industrial deployment';

export const DEMO_PROJECTS: readonly DemoProject[] = [
  {
    code: 'ECOFED',
    name: 'European Cloud services in an Open FEDerated ecosystem',
    description:
      'ECOFED ontwikkelt een open, gefedereerd ecosysteem waarin Europese cloud- en edge-aanbieders hun diensten ' +
      'met elkaar verbinden. Klanten kunnen zo diensten van verschillende aanbieders combineren, zonder vast te ' +
      'zitten aan één leverancier.',
    aidBasis: 'gber',
    lead: 'tno',
    grantDecisionReference: 'EZ/IPCEI-CIS/2023/ECOFED',
    grantDecisionDate: '2023-12-15',
    aidMeasureNumber: 'SA.107851',
    aidObjective: GBER_OBJECTIVE,
    startDate: '2024-01-01',
    endDate: '2027-12-31',
    yearWeights: [22, 28, 28, 22],
    partners: [
      { organisation: 'tno', grantedCents: euro(9_000_000), grantedOn: '2023-12-15', costMethod: 'full_cost_iks', hourlyRateCents: 13_200, eligibleCostsCents: euro(10_000_000), shares: SHARES_RESEARCH },
      { organisation: 'infosupport', grantedCents: euro(5_400_000), grantedOn: '2023-12-15', costMethod: 'wage_plus_overhead', hourlyRateCents: 10_350, eligibleCostsCents: euro(9_000_000), shares: SHARES_SOFTWARE },
      { organisation: 'i3d', grantedCents: euro(6_000_000), grantedOn: '2023-12-15', costMethod: 'wage_plus_overhead', hourlyRateCents: 9_750, eligibleCostsCents: euro(10_000_000), shares: SHARES_INFRA },
      { organisation: 'bit', grantedCents: euro(3_200_000), grantedOn: '2023-12-15', costMethod: 'fixed_hourly_rate', hourlyRateCents: 6_000, eligibleCostsCents: euro(4_600_000), shares: SHARES_INFRA },
      { organisation: 'amsix', grantedCents: euro(3_300_000), grantedOn: '2023-12-15', costMethod: 'wage_plus_overhead', hourlyRateCents: 9_300, eligibleCostsCents: euro(5_000_000), shares: SHARES_INFRA },
    ],
    workPackages: [
      {
        code: 'WP1',
        title: 'Projectmanagement en coördinatie',
        description: 'Aansturing van het consortium, planning, rapportage aan RVO en afstemming met IPCEI CIS.',
        milestones: [
          { code: 'M1.1', title: 'Consortiumovereenkomst getekend', plannedDate: '2024-03-31' },
          { code: 'M1.2', title: 'Eerste voortgangsrapportage ingediend', plannedDate: '2025-02-01' },
          { code: 'M1.3', title: 'Eindrapportage opgeleverd', plannedDate: '2027-12-15' },
        ],
      },
      {
        code: 'WP2',
        title: 'Federatie-architectuur en open standaarden',
        description: 'Referentiearchitectuur voor federatie van cloud- en edge-diensten, gebaseerd op open standaarden.',
        milestones: [
          { code: 'M2.1', title: 'Referentiearchitectuur federatie v1.0', plannedDate: '2024-09-30' },
          { code: 'M2.2', title: 'Specificatie gefedereerde identiteit en toegang', plannedDate: '2025-06-30' },
          { code: 'M2.3', title: 'Bijdrage aan Europese standaardisatie aangeboden', plannedDate: '2026-12-31' },
        ],
      },
      {
        code: 'WP3',
        title: 'Gefedereerde cloud-edge-diensten en orkestratie',
        description: 'Dienstencatalogus en orkestratie van workloads over meerdere aanbieders heen.',
        milestones: [
          { code: 'M3.1', title: 'Prototype gefedereerde dienstencatalogus', plannedDate: '2024-12-31' },
          { code: 'M3.2', title: 'Orkestratie over drie aanbieders gedemonstreerd', plannedDate: '2025-12-31' },
          { code: 'M3.3', title: 'Productierijpe federatiediensten', plannedDate: '2027-06-30' },
        ],
      },
      {
        code: 'WP4',
        title: 'Netwerk en interconnectie tussen aanbieders',
        description: 'Snelle, automatisch in te richten verbindingen tussen de datacenters van de partners.',
        milestones: [
          { code: 'M4.1', title: 'Testverbindingen tussen datacenters operationeel', plannedDate: '2024-11-30' },
          { code: 'M4.2', title: 'Geautomatiseerde interconnectie via de internet exchange', plannedDate: '2025-09-30' },
          { code: 'M4.3', title: 'Plaatsing van edge-workloads op basis van latency', plannedDate: '2026-09-30' },
        ],
      },
      {
        code: 'WP5',
        title: 'Pilots, validatie en verspreiding',
        description: 'Pilots met eindgebruikers, validatie van de resultaten en kennisdeling.',
        milestones: [
          { code: 'M5.1', title: 'Openbare presentatie eerste resultaten', plannedDate: '2024-12-12' },
          { code: 'M5.2', title: 'Pilot met eerste eindgebruikers gestart', plannedDate: '2026-03-31' },
          { code: 'M5.3', title: 'Open-source-release federatiecomponenten v1.0', plannedDate: '2027-09-30' },
        ],
      },
    ],
  },
  {
    code: 'MISD',
    name: 'Modular Integrated Sustainable Datacenter',
    description:
      'MISD ontwikkelt een modulair en duurzaam datacenter met immersiekoeling, hergebruik van restwarmte en ' +
      'ingebouwde beveiliging. De modules kunnen snel op edge-locaties worden geplaatst.',
    aidBasis: 'gber',
    lead: 'asperitas',
    grantDecisionReference: 'EZ/IPCEI-CIS/2023/MISD',
    grantDecisionDate: '2023-12-19',
    aidMeasureNumber: 'SA.107851',
    aidObjective: GBER_OBJECTIVE,
    startDate: '2024-01-01',
    endDate: '2028-12-31',
    yearWeights: [14, 22, 24, 22, 18],
    partners: [
      { organisation: 'asperitas', grantedCents: euro(6_000_000), grantedOn: '2023-12-19', costMethod: 'fixed_hourly_rate', hourlyRateCents: 6_000, eligibleCostsCents: euro(8_600_000), shares: SHARES_INFRA },
      { organisation: 'betterbe', grantedCents: euro(2_400_000), grantedOn: '2023-12-19', costMethod: 'wage_plus_overhead', hourlyRateCents: 8_850, eligibleCostsCents: euro(3_500_000), shares: SHARES_SOFTWARE },
      { organisation: 'deerns', grantedCents: euro(3_000_000), grantedOn: '2023-12-19', costMethod: 'full_cost_iks', hourlyRateCents: 11_800, eligibleCostsCents: euro(5_000_000), shares: SHARES_ENGINEERING },
      { organisation: 'eurofiber', grantedCents: euro(4_500_000), grantedOn: '2023-12-19', costMethod: 'wage_plus_overhead', hourlyRateCents: 9_600, eligibleCostsCents: euro(7_500_000), shares: SHARES_INFRA },
      { organisation: 'nbip', grantedCents: euro(2_100_000), grantedOn: '2023-12-19', costMethod: 'fixed_hourly_rate', hourlyRateCents: 6_000, eligibleCostsCents: euro(3_000_000), shares: SHARES_SOFTWARE },
      { organisation: 'tno', grantedCents: euro(3_600_000), grantedOn: '2023-12-19', costMethod: 'full_cost_iks', hourlyRateCents: 13_200, eligibleCostsCents: euro(4_000_000), shares: SHARES_RESEARCH },
      { organisation: 'utwente', grantedCents: euro(2_800_000), grantedOn: '2023-12-19', costMethod: 'full_cost_iks', hourlyRateCents: 10_900, eligibleCostsCents: euro(3_100_000), shares: SHARES_RESEARCH },
    ],
    workPackages: [
      {
        code: 'WP1',
        title: 'Projectleiding en afstemming in het consortium',
        description: 'Planning, voortgangsbewaking, rapportage aan RVO en afstemming tussen de zeven partners.',
        milestones: [
          { code: 'M1.1', title: 'Projectplan en consortiumovereenkomst vastgesteld', plannedDate: '2024-04-30' },
          { code: 'M1.2', title: 'Tussenevaluatie met RVO', plannedDate: '2026-06-30' },
        ],
      },
      {
        code: 'WP2',
        title: 'Modulair datacenterontwerp en immersiekoeling',
        description: 'Ontwerp en beproeving van een standaard datacentermodule met immersiekoeling.',
        milestones: [
          { code: 'M2.1', title: 'Ontwerp modulaire datacentermodule v1', plannedDate: '2024-10-31' },
          { code: 'M2.2', title: 'Testopstelling immersiekoeling in bedrijf', plannedDate: '2025-06-30' },
          { code: 'M2.3', title: 'Gecertificeerd moduleontwerp', plannedDate: '2027-06-30' },
        ],
      },
      {
        code: 'WP3',
        title: 'Restwarmte en energie-integratie',
        description: 'Levering van restwarmte aan warmtenetten en slim energiebeheer bij netcongestie.',
        milestones: [
          { code: 'M3.1', title: 'Haalbaarheidsstudie restwarmtelevering', plannedDate: '2024-12-31' },
          { code: 'M3.2', title: 'Koppeling met lokaal warmtenet gedemonstreerd', plannedDate: '2026-12-31' },
          { code: 'M3.3', title: 'Energiebeheer op basis van netcongestie', plannedDate: '2027-12-31' },
        ],
      },
      {
        code: 'WP4',
        title: 'Netwerk, beveiliging en beheer',
        description: 'Glasvezelaansluiting, DDoS-bescherming en beheersoftware voor de modules.',
        milestones: [
          { code: 'M4.1', title: 'Glasvezelaansluiting testlocatie gerealiseerd', plannedDate: '2025-03-31' },
          { code: 'M4.2', title: 'DDoS-bescherming modulair datacenter gevalideerd', plannedDate: '2026-03-31' },
          { code: 'M4.3', title: 'Beheerplatform en configurator opgeleverd', plannedDate: '2026-09-30' },
        ],
      },
      {
        code: 'WP5',
        title: 'Demonstrator en wetenschappelijke evaluatie',
        description: 'Bouw van de demonstrator en onafhankelijke meting van energie-efficiëntie en prestaties.',
        milestones: [
          { code: 'M5.1', title: 'Meetplan en evaluatiekader vastgesteld', plannedDate: '2024-09-30' },
          { code: 'M5.2', title: 'Demonstrator in bedrijf', plannedDate: '2027-03-31' },
          { code: 'M5.3', title: 'Eindevaluatie gepubliceerd', plannedDate: '2028-10-31' },
        ],
      },
    ],
  },
  {
    code: 'ECC',
    name: 'European Cloud Campus',
    description:
      'Leaseweb bouwt de European Cloud Campus: een energiezuinige campus voor soevereine Europese clouddiensten, ' +
      'met edge-locaties en een eerste industriële toepassing van de technologie uit IPCEI CIS.',
    aidBasis: 'ipcei_communication',
    lead: 'leaseweb',
    grantDecisionReference: 'EZ/IPCEI-CIS/2024/ECC',
    grantDecisionDate: '2024-01-23',
    aidMeasureNumber: 'SA.102517',
    aidObjective: IPCEI_OBJECTIVE,
    startDate: '2024-01-01',
    endDate: '2029-12-31',
    yearWeights: [12, 18, 20, 20, 16, 14],
    partners: [
      { organisation: 'leaseweb', grantedCents: euro(14_000_000), grantedOn: '2024-01-23', costMethod: 'wage_plus_overhead', hourlyRateCents: 10_050, eligibleCostsCents: euro(23_500_000), shares: SHARES_INFRA },
    ],
    workPackages: [
      {
        code: 'WP1',
        title: 'Campusinfrastructuur en energie-efficiëntie',
        description: 'Ontwerp en bouw van de campus met vloeistofkoeling en een lage PUE.',
        milestones: [
          { code: 'M1.1', title: 'Ontwerp campuslocatie definitief', plannedDate: '2024-06-30' },
          { code: 'M1.2', title: 'Eerste zaal met vloeistofkoeling operationeel', plannedDate: '2025-12-31' },
          { code: 'M1.3', title: 'PUE-doel van 1,2 gehaald', plannedDate: '2027-12-31' },
        ],
      },
      {
        code: 'WP2',
        title: 'Soevereine cloudplatformdiensten',
        description: 'Kubernetes-, opslag- en netwerkdiensten onder Europese jurisdictie.',
        milestones: [
          { code: 'M2.1', title: 'Architectuur soeverein cloudplatform vastgesteld', plannedDate: '2024-12-31' },
          { code: 'M2.2', title: 'Bètaversie Kubernetes- en objectopslagdiensten', plannedDate: '2025-12-31' },
          { code: 'M2.3', title: 'Certificering informatiebeveiliging behaald', plannedDate: '2027-06-30' },
        ],
      },
      {
        code: 'WP3',
        title: 'Edge-locaties en interconnectie',
        description: 'Uitrol van edge-locaties die met de campus en met andere IPCEI CIS-aanbieders verbonden zijn.',
        milestones: [
          { code: 'M3.1', title: 'Keuze eerste drie edge-locaties', plannedDate: '2025-03-31' },
          { code: 'M3.2', title: 'Eerste edge-locaties operationeel', plannedDate: '2026-12-31' },
        ],
      },
      {
        code: 'WP4',
        title: 'Eerste industriële toepassing en opschaling',
        description: 'Eerste klanten op het platform en opschaling naar meerdere Europese regio’s.',
        milestones: [
          { code: 'M4.1', title: 'Eerste klanten in productie op het platform', plannedDate: '2026-06-30' },
          { code: 'M4.2', title: 'Opschaling naar meerdere EU-regio’s', plannedDate: '2028-12-31' },
          { code: 'M4.3', title: 'Eindrapportage eerste industriële toepassing', plannedDate: '2029-12-15' },
        ],
      },
    ],
  },
];

export function demoProject(code: ProjectCode): DemoProject {
  const project = DEMO_PROJECTS.find((p) => p.code === code);
  if (!project) throw new Error(`Unknown demo project ${code}`);
  return project;
}

export function demoOrganisation(key: OrgKey): DemoOrganisation {
  const organisation = DEMO_ORGANISATIONS.find((o) => o.key === key);
  if (!organisation) throw new Error(`Unknown demo organisation ${key}`);
  return organisation;
}

function demoPartner(project: ProjectCode, organisation: OrgKey): DemoPartner {
  const partner = demoProject(project).partners.find((p) => p.organisation === organisation);
  if (!partner) throw new Error(`${organisation} is not a partner of ${project}`);
  return partner;
}

export const DEMO_TOTAL_GRANTED_CENTS = DEMO_PROJECTS.flatMap((p) => p.partners).reduce((sum, p) => sum + p.grantedCents, 0);

// ---------------------------------------------------------------------------------------------
// Budgets: per partner, per project year, per category (whole euros; integer cents)
// ---------------------------------------------------------------------------------------------

export interface DemoBudgetRow {
  project: ProjectCode;
  organisation: OrgKey;
  year: number;
  category: CostCategory;
  amountCents: number;
}

/** Rounds integer cents to whole euros. */
const toWholeEuros = (cents: number) => Math.round(cents / 100) * 100;

/** Splits `total` over `weights` in whole euros; the last part takes the rounding remainder. */
function splitByWeights(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => toWholeEuros((total * w) / sum));
  const rest = total - parts.reduce((a, b) => a + b, 0);
  parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + rest;
  return parts;
}

function projectYears(project: DemoProject): number[] {
  const first = Number(project.startDate.slice(0, 4));
  const last = Number(project.endDate.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function buildBudgets(): DemoBudgetRow[] {
  const rows: DemoBudgetRow[] = [];
  for (const project of DEMO_PROJECTS) {
    const years = projectYears(project);
    if (years.length !== project.yearWeights.length) throw new Error(`${project.code}: one year weight per project year`);
    for (const partner of project.partners) {
      const perYear = splitByWeights(partner.eligibleCostsCents, project.yearWeights);
      years.forEach((year, i) => {
        const yearTotal = perYear[i] ?? 0;
        // Personnel (first) takes the rounding remainder, so the categories add up to the year total.
        const [personnel, ...others] = CATEGORIES;
        const otherAmounts = others.map((c) => toWholeEuros((yearTotal * partner.shares[c]) / 100));
        const personnelAmount = yearTotal - otherAmounts.reduce((a, b) => a + b, 0);
        rows.push({ project: project.code, organisation: partner.organisation, year, category: personnel!, amountCents: personnelAmount });
        others.forEach((category, j) =>
          rows.push({ project: project.code, organisation: partner.organisation, year, category, amountCents: otherAmounts[j] ?? 0 }),
        );
      });
    }
  }
  return rows;
}

export const DEMO_BUDGETS: readonly DemoBudgetRow[] = buildBudgets();

function budgetOf(project: ProjectCode, organisation: OrgKey, year: number, category: CostCategory): number {
  const row = DEMO_BUDGETS.find(
    (b) => b.project === project && b.organisation === organisation && b.year === year && b.category === category,
  );
  if (!row) throw new Error(`No budget for ${project}/${organisation}/${year}/${category}`);
  return row.amountCents;
}

// ---------------------------------------------------------------------------------------------
// Payments (advances / voorschotten), paid to each partner directly
// ---------------------------------------------------------------------------------------------

export interface DemoPayment {
  project: ProjectCode;
  organisation: OrgKey;
  kind: 'advance';
  amountCents: number;
  paidOn: string;
  reference: string;
}

/** Advance schedule per project: date and percentage of the partner's grant. */
const ADVANCE_SCHEDULE: Record<ProjectCode, Array<{ paidOn: string; percent: number }>> = {
  // ECOFED: first advance after the grant; second one after its 2024 report was approved.
  ECOFED: [
    { paidOn: '2024-02-20', percent: 30 },
    { paidOn: '2025-03-18', percent: 25 },
  ],
  MISD: [
    { paidOn: '2024-02-27', percent: 30 },
    { paidOn: '2025-01-15', percent: 15 },
  ],
  // ECC: the next advance waits for the answers on its 2024 report.
  ECC: [
    { paidOn: '2024-02-29', percent: 20 },
    { paidOn: '2025-01-15', percent: 10 },
  ],
};

function buildPayments(): DemoPayment[] {
  const rows: DemoPayment[] = [];
  for (const project of DEMO_PROJECTS) {
    for (const partner of project.partners) {
      const org = demoOrganisation(partner.organisation);
      ADVANCE_SCHEDULE[project.code].forEach(({ paidOn, percent }, i) => {
        rows.push({
          project: project.code,
          organisation: partner.organisation,
          kind: 'advance',
          amountCents: Math.round((partner.grantedCents * percent) / 100),
          paidOn,
          reference: `VS-${paidOn.slice(0, 4)}-${project.code}-${org.shortCode}-${i + 1}`,
        });
      });
    }
  }
  return rows;
}

export const DEMO_PAYMENTS: readonly DemoPayment[] = buildPayments();

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

export type SpilloverType = (typeof SPILLOVER_TYPES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface DemoCostLine {
  category: CostCategory;
  description: string;
  /** Personnel only: the person (personnel number), never a name. */
  employeeRef: string | null;
  /** Personnel only: hours × hourlyRateCents = amountCents exactly. */
  hours: number | null;
  hourlyRateCents: number | null;
  /** Personnel under loonkosten plus vaste opslag: the person's annual wage costs. */
  annualWageCents: number | null;
  amountCents: number;
}

/** Hours of one demo person in one project's year: well below the 1,720 productive hours. */
const DEMO_HOURS_PER_PERSON = 1_400;
const PROJECT_NUMBERING: Record<ProjectCode, number> = { ECOFED: 100, MISD: 300, ECC: 500 };

/** Annual wage costs that give exactly `rateCents` under loonkosten plus vaste opslag. */
function wageForRate(rateCents: number) {
  const base = Math.round((rateCents * DEFAULT_PRODUCTIVE_HOURS) / 1.5);
  for (let wage = base - 3; wage <= base + 3; wage++) if (personnelRateCents('wage_plus_overhead', 0, wage, DEFAULT_PRODUCTIVE_HOURS) === rateCents) return wage;
  return base;
}

export interface DemoPartnerPart {
  organisation: OrgKey;
  /** Explanations of deviations of more than 25% from the year's budget, keyed by category. */
  deviationExplanations: Record<string, string>;
  /** When the partner's contributor signed off its part (only when the report was submitted). */
  signedOffAt: Date;
  costLines: DemoCostLine[];
}

export interface DemoMilestoneUpdate {
  milestone: string;
  status: MilestoneStatus;
  achievedDate?: string;
  forecastDate?: string;
  explanation: string;
}

export interface DemoReviewDecision {
  decision: ReviewDecision;
  /** Demo account e-mail. */
  by: string;
  at: Date;
  reason: string;
}

export interface DemoReviewComment {
  section: ReportSection | null;
  by: string;
  at: Date;
  body: string;
}

/** How far the report got through the workflow (applied only when demo accounts are seeded). */
export interface DemoWorkflow {
  status: 'submitted' | 'changes_requested' | 'recommended' | 'approved';
  assignedReviewer: string;
  submittedBy: string;
  submittedAt: Date;
  submittedLate: boolean;
  recommendedBy?: string;
  recommendedAt?: Date;
  approvedBy?: string;
  approvedAt?: Date;
  /** Status changes after creation (submit, recommend, ...): version = 1 + this. */
  statusChanges: number;
  decisions: DemoReviewDecision[];
  comments: DemoReviewComment[];
  /** When the penvoerder completed the sections (just before submitting). */
  sectionsCompletedAt: Date;
}

export interface DemoAttachment {
  filename: string;
  contentType: string;
  description: string;
  content: string;
  uploadedBy: string;
  uploadedAt: Date;
}

export interface DemoIndicators {
  fteTenths: number;
  jobsCreated: number;
  smesInvolved: number;
  publications: number;
  openSourceReleases: number;
  patentApplications: number;
  standardisationContributions: number;
}

export interface DemoReport {
  project: ProjectCode;
  year: number;
  dueDate: string;
  workflow: DemoWorkflow | null;
  /** Section status when the report is a draft (or when no accounts are seeded). */
  draftSections: Record<ReportSection, SectionStatus>;
  narrative: { progressSummary: string; deviations: string } | null;
  workPackageProgress: Array<{ workPackage: string; narrative: string }>;
  milestoneUpdates: DemoMilestoneUpdate[];
  partnerParts: DemoPartnerPart[];
  indicators: DemoIndicators | null;
  spillover: Array<{ type: SpilloverType; title: string; activityDate: string; audience: string; reach: number | null; url: string | null }>;
  risks: Array<{ description: string; likelihood: RiskLevel; impact: RiskLevel; mitigation: string }>;
  attachments: DemoAttachment[];
}

export const dueDateFor = (year: number) => `${year + 1}-02-01`;

/** Local (Amsterdam, winter time) timestamp. */
const at = (isoLocal: string) => new Date(`${isoLocal}+01:00`);

const DEFAULT_DESCRIPTIONS: Record<CostCategory, string[]> = {
  personnel: ['Ontwikkelaars en engineers', 'Projectleiding, architectuur en coördinatie'],
  equipment: ['Afschrijving testinfrastructuur (servers en netwerk, 5 jaar)'],
  materials: ['Componenten en verbruiksmaterialen voor de testopstelling'],
  third_party: ['Inhuur externe specialisten en uitbesteed werk'],
  other: ['Reis- en verblijfkosten en kosten van bijeenkomsten'],
};

/**
 * The 2024 cost lines of a partner, as a percentage of its 2024 budget per category (default 92%).
 * Personnel is hours × the partner's hourly rate, one line per person (at most 1,400 hours each).
 */
function actualCosts2024(
  project: ProjectCode,
  organisation: OrgKey,
  percent: Partial<Record<CostCategory, number>>,
  descriptions: Partial<Record<CostCategory, string[]>> = {},
): DemoCostLine[] {
  const partner = demoPartner(project, organisation);
  const lines: DemoCostLine[] = [];
  for (const category of CATEGORIES) {
    const target = (budgetOf(project, organisation, 2024, category) * (percent[category] ?? 92)) / 100;
    const texts = descriptions[category] ?? DEFAULT_DESCRIPTIONS[category];
    if (category === 'personnel') {
      // One line per person (personnel numbers, no names), each below the productive hours.
      const rate = partner.hourlyRateCents;
      const wage = rateFromWage(partner.costMethod) ? wageForRate(rate) : null;
      const hours = Math.round(target / rate);
      const people = Math.max(1, Math.ceil(hours / DEMO_HOURS_PER_PERSON));
      for (let i = 0; i < people; i++) {
        const h = i < people - 1 ? Math.floor(hours / people) : hours - Math.floor(hours / people) * (people - 1);
        lines.push({
          category,
          description: texts[i % texts.length] ?? '',
          employeeRef: `${organisation.toUpperCase()}-${PROJECT_NUMBERING[project] + i + 1}`,
          hours: h,
          hourlyRateCents: rate,
          annualWageCents: wage,
          amountCents: h * rate,
        });
      }
    } else {
      lines.push({ category, description: texts[0] ?? '', employeeRef: null, hours: null, hourlyRateCents: null, annualWageCents: null, amountCents: toWholeEuros(target) });
    }
  }
  return lines;
}

/** FTE in tenths from the personnel hours of all partner parts (1,720 productive hours per FTE). */
function fteTenths(parts: DemoPartnerPart[]): number {
  const hours = parts.flatMap((p) => p.costLines).reduce((sum, l) => sum + (l.hours ?? 0), 0);
  return Math.round((hours * 10) / 1720);
}

const ALL_COMPLETED: Record<ReportSection, SectionStatus> = {
  progress: 'completed',
  milestones: 'completed',
  costs: 'completed',
  indicators: 'completed',
  spillover: 'completed',
  risks: 'completed',
  attachments: 'completed',
};

const NOT_STARTED: Record<ReportSection, SectionStatus> = {
  progress: 'not_started',
  milestones: 'not_started',
  costs: 'not_started',
  indicators: 'not_started',
  spillover: 'not_started',
  risks: 'not_started',
  attachments: 'not_started',
};

// --- ECOFED 2024: approved ---------------------------------------------------------------------

const ECOFED_2024_PARTS: DemoPartnerPart[] = [
  {
    organisation: 'tno',
    deviationExplanations: {},
    signedOffAt: at('2025-01-22T16:05:00'),
    costLines: actualCosts2024('ECOFED', 'tno', { personnel: 97, equipment: 88, materials: 81, third_party: 90, other: 104 }, {
      personnel: ['Onderzoekers federatie-architectuur (WP2, WP3)', 'Projectleiding en coördinatie (WP1)'],
      equipment: ['Afschrijving testbed gefedereerde cloud (5 jaar)'],
    }),
  },
  {
    organisation: 'infosupport',
    deviationExplanations: {},
    signedOffAt: at('2025-01-20T11:30:00'),
    costLines: actualCosts2024('ECOFED', 'infosupport', { personnel: 94, third_party: 85 }, {
      personnel: ['Softwareontwikkelaars dienstencatalogus', 'Architectuur en testautomatisering'],
      third_party: ['Externe security-review van het prototype'],
    }),
  },
  {
    organisation: 'i3d',
    deviationExplanations: {},
    signedOffAt: at('2025-01-23T09:45:00'),
    costLines: actualCosts2024('ECOFED', 'i3d', { personnel: 91, equipment: 79, materials: 95 }, {
      personnel: ['Netwerk- en platformengineers', 'Engineering management'],
      equipment: ['Afschrijving edge-servers testlocaties Rotterdam en Amsterdam (5 jaar)'],
    }),
  },
  {
    organisation: 'bit',
    deviationExplanations: {},
    signedOffAt: at('2025-01-21T14:10:00'),
    costLines: actualCosts2024('ECOFED', 'bit', { personnel: 102, equipment: 96 }, {
      personnel: ['Systeem- en netwerkbeheerders', 'Productontwikkeling'],
      equipment: ['Afschrijving rack- en netwerkapparatuur Ede (5 jaar)'],
    }),
  },
  {
    organisation: 'amsix',
    deviationExplanations: {},
    signedOffAt: at('2025-01-24T10:20:00'),
    costLines: actualCosts2024('ECOFED', 'amsix', { personnel: 88, equipment: 78, third_party: 112 }, {
      personnel: ['Netwerkengineers interconnectie', 'Productmanagement'],
      equipment: ['Afschrijving switching-apparatuur testplatform (5 jaar)'],
    }),
  },
];

const ECOFED_2024: DemoReport = {
  project: 'ECOFED',
  year: 2024,
  dueDate: dueDateFor(2024),
  workflow: {
    status: 'approved',
    assignedReviewer: 'reviewer.a@demo.ipcei.test',
    submittedBy: 'penvoerder.ecofed@demo.ipcei.test',
    submittedAt: at('2025-01-28T10:14:00'),
    submittedLate: false,
    recommendedBy: 'reviewer.a@demo.ipcei.test',
    recommendedAt: at('2025-02-18T15:32:00'),
    approvedBy: 'reviewer.b@demo.ipcei.test',
    approvedAt: at('2025-03-04T09:12:00'),
    statusChanges: 3,
    decisions: [
      {
        decision: 'recommend',
        by: 'reviewer.a@demo.ipcei.test',
        at: at('2025-02-18T15:32:00'),
        reason: 'Volledig en goed onderbouwd. Kosten per partner binnen de begroting; vertraging M4.1 is toegelicht.',
      },
      {
        decision: 'approve',
        by: 'reviewer.b@demo.ipcei.test',
        at: at('2025-03-04T09:12:00'),
        reason: 'Akkoord met het advies. Het volgende voorschot kan worden vrijgegeven.',
      },
    ],
    comments: [],
    sectionsCompletedAt: at('2025-01-27T17:40:00'),
  },
  draftSections: { ...ALL_COMPLETED, attachments: 'not_started' },
  narrative: {
    progressSummary:
      'In 2024 is het ECOFED-consortium gestart met de federatie-architectuur voor een open Europees ecosysteem ' +
      'van cloud- en edge-aanbieders. De referentiearchitectuur v1.0 is opgeleverd. Een eerste prototype van de ' +
      'gefedereerde dienstencatalogus werkt tussen de omgevingen van TNO, Info Support en i3D.net. Op 12 december ' +
      '2024 hebben we de eerste resultaten gepresenteerd op een openbare bijeenkomst.',
    deviations:
      'Mijlpaal M4.1 (testverbindingen tussen datacenters) schuift van november 2024 naar maart 2025, omdat de ' +
      'optische apparatuur later is geleverd. Dit heeft geen gevolgen voor de einddatum van het project. De kosten ' +
      'van alle partners liggen binnen 25% van de begroting voor 2024.',
  },
  workPackageProgress: [
    { workPackage: 'WP1', narrative: 'Consortiumovereenkomst getekend in maart. Maandelijks stuurgroepoverleg en kwartaalrapportages aan de partners ingericht.' },
    { workPackage: 'WP2', narrative: 'Referentiearchitectuur v1.0 opgeleverd in oktober (twee weken later dan gepland door extra afstemming met andere IPCEI CIS-projecten). Eerste aanzet voor de specificatie van gefedereerde identiteit.' },
    { workPackage: 'WP3', narrative: 'Prototype van de dienstencatalogus gebouwd en op 10 december als open source gepubliceerd. Diensten van drie aanbieders zijn in de catalogus te vinden.' },
    { workPackage: 'WP4', narrative: 'Ontwerp van de interconnectie afgerond. De testverbindingen zijn nog niet operationeel: de optische apparatuur is pas in december geleverd.' },
    { workPackage: 'WP5', narrative: 'Openbare bijeenkomst op 12 december 2024 met ongeveer 180 deelnemers. Gesprekken met drie mogelijke pilotgebruikers gestart.' },
  ],
  milestoneUpdates: [
    { milestone: 'M1.1', status: 'achieved', achievedDate: '2024-03-18', explanation: 'Getekend door alle vijf partners.' },
    { milestone: 'M2.1', status: 'achieved', achievedDate: '2024-10-14', explanation: 'Twee weken later dan gepland door extra afstemming met andere IPCEI CIS-projecten.' },
    { milestone: 'M3.1', status: 'achieved', achievedDate: '2024-12-10', explanation: 'Prototype gepresenteerd op de openbare bijeenkomst van 12 december.' },
    { milestone: 'M4.1', status: 'delayed', forecastDate: '2025-03-31', explanation: 'Levering van de optische apparatuur vertraagd van september naar december 2024.' },
    { milestone: 'M5.1', status: 'achieved', achievedDate: '2024-12-12', explanation: 'Openbare bijeenkomst met ongeveer 180 deelnemers.' },
  ],
  partnerParts: ECOFED_2024_PARTS,
  indicators: {
    fteTenths: fteTenths(ECOFED_2024_PARTS),
    jobsCreated: 6,
    smesInvolved: 3,
    publications: 2,
    openSourceReleases: 1,
    patentApplications: 0,
    standardisationContributions: 2,
  },
  spillover: [
    {
      type: 'event',
      title: 'Openbare bijeenkomst: presentatie eerste resultaten ECOFED',
      activityDate: '2024-12-12',
      audience: 'Cloudaanbieders, overheden, onderzoekers en zakelijke gebruikers',
      reach: 180,
      url: null,
    },
    {
      type: 'publication',
      title: 'Whitepaper referentiearchitectuur voor gefedereerde cloud-edge-diensten',
      activityDate: '2024-10-28',
      audience: 'Cloud- en edge-aanbieders in Europa',
      reach: null,
      url: null,
    },
    {
      type: 'open_source',
      title: 'Eerste open-source-release van de gefedereerde dienstencatalogus (prototype)',
      activityDate: '2024-12-10',
      audience: 'Ontwikkelaars en aanbieders',
      reach: null,
      url: null,
    },
    {
      type: 'standardisation',
      title: 'Bijdrage aan de werkgroep federatiediensten van IPCEI CIS',
      activityDate: '2024-11-06',
      audience: 'Deelnemers IPCEI CIS uit twaalf lidstaten',
      reach: 40,
      url: null,
    },
  ],
  risks: [
    {
      description: 'Lange levertijden van netwerkapparatuur vertragen de interconnectie (WP4).',
      likelihood: 'medium',
      impact: 'medium',
      mitigation: 'Apparatuur voor 2025 is nu al besteld; tijdelijke verbindingen via bestaande capaciteit van AMS-IX.',
    },
    {
      description: 'Europese standaarden voor federatie veranderen tijdens het project.',
      likelihood: 'medium',
      impact: 'low',
      mitigation: 'Actieve deelname aan de IPCEI CIS-werkgroepen; architectuur met verwisselbare componenten.',
    },
    {
      description: 'Werving van ervaren cloudengineers verloopt trager dan gepland.',
      likelihood: 'low',
      impact: 'medium',
      mitigation: 'Partners delen kennis en zetten tijdelijk eigen personeel uit andere teams in.',
    },
  ],
  attachments: [
    {
      filename: 'ecofed-bijeenkomst-2024-12-12-programma.txt',
      contentType: 'text/plain',
      description: 'Programma en deelnemersaantal van de openbare bijeenkomst van 12 december 2024',
      content:
        'DEMO-BIJLAGE (fictief)\n\nECOFED – presentatie eerste resultaten\nDatum: 12 december 2024\n\n' +
        '13:00 Welkom en doel van ECOFED (TNO)\n13:20 Referentiearchitectuur voor federatie\n' +
        '14:00 Demo gefedereerde dienstencatalogus (Info Support, i3D.net)\n14:45 Interconnectie tussen aanbieders (AMS-IX, BIT)\n' +
        '15:30 Paneldiscussie en vragen\n\nAantal deelnemers: ongeveer 180\n',
      uploadedBy: 'penvoerder.ecofed@demo.ipcei.test',
      uploadedAt: at('2025-01-27T16:55:00'),
    },
  ],
};

// --- MISD 2024: submitted (late); Asperitas equipment deviates > 25% ------------------------------

const MISD_2024_PARTS: DemoPartnerPart[] = [
  {
    organisation: 'asperitas',
    deviationExplanations: {
      equipment:
        'De immersiekoelingstanks voor de testopstelling zijn in 2024 gekocht in plaats van in 2025, om een levertijd ' +
        'van negen maanden voor te zijn. Daardoor liggen de apparatuurkosten 2024 ongeveer 48% boven de begroting. ' +
        'Over de hele looptijd blijft de begroting voor apparatuur gelijk; in 2025 vallen de kosten lager uit.',
    },
    signedOffAt: at('2025-01-30T15:20:00'),
    costLines: actualCosts2024('MISD', 'asperitas', { personnel: 95, equipment: 148, materials: 104 }, {
      personnel: ['Engineers immersiekoeling en moduleontwerp', 'Projectleiding consortium (penvoerder)'],
      equipment: ['Immersiekoelingstanks testopstelling (afschrijving 5 jaar, eerder aangeschaft)'],
      materials: ['Koelvloeistof en componenten testopstelling'],
    }),
  },
  {
    organisation: 'betterbe',
    deviationExplanations: {},
    signedOffAt: at('2025-01-29T10:00:00'),
    costLines: actualCosts2024('MISD', 'betterbe', { personnel: 90 }, {
      personnel: ['Softwareontwikkelaars configurator', 'Productowner en architect'],
    }),
  },
  {
    organisation: 'deerns',
    deviationExplanations: {},
    signedOffAt: at('2025-01-31T09:30:00'),
    costLines: actualCosts2024('MISD', 'deerns', { personnel: 99, third_party: 86 }, {
      personnel: ['Installatie- en energieadviseurs', 'Ontwerpleider datacentermodule'],
      third_party: ['Bouwfysisch en brandveiligheidsadvies'],
    }),
  },
  {
    organisation: 'eurofiber',
    deviationExplanations: {},
    signedOffAt: at('2025-01-30T11:45:00'),
    costLines: actualCosts2024('MISD', 'eurofiber', { personnel: 84, equipment: 81 }, {
      personnel: ['Netwerkarchitecten en engineers', 'Projectmanagement aansluiting testlocatie'],
      equipment: ['Afschrijving glasvezel- en transmissieapparatuur (5 jaar)'],
    }),
  },
  {
    organisation: 'nbip',
    deviationExplanations: {},
    signedOffAt: at('2025-02-03T08:50:00'),
    costLines: actualCosts2024('MISD', 'nbip', { personnel: 79, equipment: 90 }, {
      personnel: ['Security-engineers DDoS-bescherming', 'Coördinatie met aangesloten providers'],
    }),
  },
  {
    organisation: 'tno',
    deviationExplanations: {},
    signedOffAt: at('2025-01-29T14:15:00'),
    costLines: actualCosts2024('MISD', 'tno', { personnel: 93 }, {
      personnel: ['Onderzoekers energie en warmte', 'Onderzoekers datacenterprestaties'],
    }),
  },
  {
    organisation: 'utwente',
    deviationExplanations: {},
    signedOffAt: at('2025-01-30T16:40:00'),
    costLines: actualCosts2024('MISD', 'utwente', { personnel: 88, equipment: 100 }, {
      personnel: ['Promovendus en postdoc meetmethoden', 'Wetenschappelijke begeleiding'],
      equipment: ['Afschrijving meetapparatuur energie-efficiëntie (5 jaar)'],
    }),
  },
];

const MISD_2024: DemoReport = {
  project: 'MISD',
  year: 2024,
  dueDate: dueDateFor(2024),
  workflow: {
    status: 'submitted',
    assignedReviewer: 'reviewer.b@demo.ipcei.test',
    submittedBy: 'penvoerder.misd@demo.ipcei.test',
    submittedAt: at('2025-02-03T11:26:00'),
    submittedLate: true,
    statusChanges: 1,
    decisions: [],
    comments: [],
    sectionsCompletedAt: at('2025-02-03T10:58:00'),
  },
  draftSections: { ...ALL_COMPLETED, attachments: 'not_started' },
  narrative: {
    progressSummary:
      'In 2024 hebben de zeven MISD-partners het ontwerp van de eerste modulaire datacentermodule met ' +
      'immersiekoeling afgerond. De Universiteit Twente en TNO hebben het meetplan vastgesteld waarmee de ' +
      'energie-efficiëntie onafhankelijk wordt gemeten. De haalbaarheidsstudie naar restwarmtelevering loopt ' +
      'nog: de gegevens van de warmtenetbeheerder kwamen later dan verwacht.',
    deviations:
      'Mijlpaal M3.1 (haalbaarheidsstudie restwarmte) schuift naar april 2025. Asperitas heeft de ' +
      'immersiekoelingstanks een jaar eerder gekocht dan begroot, waardoor de apparatuurkosten van Asperitas in ' +
      '2024 ongeveer 48% hoger zijn dan begroot (zie de toelichting bij het financiële deel van Asperitas). ' +
      'De rapportage is na 1 februari ingediend omdat NBIP zijn deel pas op 3 februari kon afronden.',
  },
  workPackageProgress: [
    { workPackage: 'WP1', narrative: 'Projectplan en consortiumovereenkomst vastgesteld in april. Tweewekelijks projectoverleg met alle partners.' },
    { workPackage: 'WP2', narrative: 'Ontwerp van de modulaire datacentermodule v1 klaar in november. Immersiekoelingstanks voor de testopstelling geleverd in december.' },
    { workPackage: 'WP3', narrative: 'Haalbaarheidsstudie naar restwarmtelevering gestart met Deerns en TNO; gegevens van de warmtenetbeheerder ontvangen in december.' },
    { workPackage: 'WP4', narrative: 'Ontwerp van de glasvezelaansluiting en van de DDoS-bescherming voor de testlocatie gemaakt. BetterBe is gestart met de configurator.' },
    { workPackage: 'WP5', narrative: 'Meetplan en evaluatiekader vastgesteld. Een conferentiebijdrage over de meetmethode is gepubliceerd.' },
  ],
  milestoneUpdates: [
    { milestone: 'M1.1', status: 'achieved', achievedDate: '2024-04-22', explanation: '' },
    { milestone: 'M2.1', status: 'achieved', achievedDate: '2024-11-15', explanation: 'Twee weken later door extra ontwerpronde voor brandveiligheid.' },
    { milestone: 'M3.1', status: 'delayed', forecastDate: '2025-04-30', explanation: 'Gegevens van de warmtenetbeheerder kwamen pas in december binnen.' },
    { milestone: 'M5.1', status: 'achieved', achievedDate: '2024-09-27', explanation: '' },
  ],
  partnerParts: MISD_2024_PARTS,
  indicators: {
    fteTenths: fteTenths(MISD_2024_PARTS),
    jobsCreated: 9,
    smesInvolved: 5,
    publications: 2,
    openSourceReleases: 0,
    patentApplications: 1,
    standardisationContributions: 0,
  },
  spillover: [
    {
      type: 'knowledge_sharing',
      title: 'Workshop restwarmte uit datacenters met netbeheerders en gemeenten',
      activityDate: '2024-11-21',
      audience: 'Netbeheerders, warmtebedrijven en gemeenten',
      reach: 45,
      url: null,
    },
    {
      type: 'publication',
      title: 'Conferentiebijdrage: meetmethode voor de energie-efficiëntie van immersiegekoelde servers',
      activityDate: '2024-10-03',
      audience: 'Wetenschappers en datacenterbranche',
      reach: null,
      url: null,
    },
  ],
  risks: [
    {
      description: 'Netcongestie vertraagt de aansluiting van de testlocatie op het elektriciteitsnet.',
      likelihood: 'high',
      impact: 'medium',
      mitigation: 'Vroeg overleg met de netbeheerder; testopstelling eerst op bestaande aansluiting bij een partner.',
    },
    {
      description: 'Afnemer voor de restwarmte haakt af.',
      likelihood: 'medium',
      impact: 'medium',
      mitigation: 'Twee mogelijke afnemers parallel onderzoeken in de haalbaarheidsstudie.',
    },
  ],
  attachments: [
    {
      filename: 'misd-toelichting-aanschaf-immersiekoeling.txt',
      contentType: 'text/plain',
      description: 'Toelichting op de vervroegde aanschaf van de immersiekoelingstanks (Asperitas)',
      content:
        'DEMO-BIJLAGE (fictief)\n\nMISD – toelichting vervroegde aanschaf\n\n' +
        'De leverancier gaf in september 2024 een levertijd van negen maanden op. Om de testopstelling in juni 2025 ' +
        'in bedrijf te kunnen nemen (mijlpaal M2.2) zijn de tanks in 2024 besteld en geleverd.\n',
      uploadedBy: 'penvoerder.misd@demo.ipcei.test',
      uploadedAt: at('2025-02-03T10:40:00'),
    },
  ],
};

// --- ECC 2024: changes requested (question on third-party costs) --------------------------------

const ECC_2024_PARTS: DemoPartnerPart[] = [
  {
    organisation: 'leaseweb',
    deviationExplanations: {},
    signedOffAt: at('2025-01-29T17:05:00'),
    costLines: actualCosts2024('ECC', 'leaseweb', { personnel: 96, equipment: 91, third_party: 62, other: 95 }, {
      personnel: ['Platform- en infrastructuurengineers', 'Campusontwerp en projectleiding'],
      equipment: ['Afschrijving servers en netwerk eerste campuszaal (5 jaar)'],
      materials: ['Koelcomponenten en bekabeling'],
      third_party: ['Ontwerpbureau campus en externe beveiligingsaudit'],
    }),
  },
];

/** The CSV attachment lists the cost lines themselves, so it always agrees with them. */
const ECC_COSTS_CSV =
  'DEMO;categorie;omschrijving;uren;uurtarief_eurocent;bedrag_eurocent\n' +
  ECC_2024_PARTS.flatMap((p) => p.costLines)
    .map((l) => `DEMO;${l.category};${l.description};${l.hours ?? ''};${l.hourlyRateCents ?? ''};${l.amountCents}`)
    .join('\n') +
  '\n';

const ECC_2024: DemoReport = {
  project: 'ECC',
  year: 2024,
  dueDate: dueDateFor(2024),
  workflow: {
    status: 'changes_requested',
    assignedReviewer: 'reviewer.a@demo.ipcei.test',
    submittedBy: 'penvoerder.ecc@demo.ipcei.test',
    submittedAt: at('2025-01-30T09:02:00'),
    submittedLate: false,
    statusChanges: 2,
    decisions: [
      {
        decision: 'request_changes',
        by: 'reviewer.a@demo.ipcei.test',
        at: at('2025-02-25T14:18:00'),
        reason: 'Graag de afwijking bij de kosten derden toelichten. Zie de vraag bij het onderdeel Kosten.',
      },
    ],
    comments: [
      {
        section: 'costs',
        by: 'reviewer.a@demo.ipcei.test',
        at: at('2025-02-25T14:12:00'),
        body:
          'De kosten derden over 2024 liggen ongeveer 38% onder de begroting. Bij een afwijking van meer dan 25% ' +
          'is een toelichting nodig. Wilt u die toevoegen? Kunt u ook aangeven of de externe beveiligingsaudit ' +
          'in 2025 alsnog wordt uitgevoerd?',
      },
    ],
    sectionsCompletedAt: at('2025-01-29T17:30:00'),
  },
  draftSections: { ...ALL_COMPLETED, attachments: 'not_started' },
  narrative: {
    progressSummary:
      'In 2024 heeft Leaseweb het ontwerp van de European Cloud Campus afgerond en de architectuur van het ' +
      'soevereine cloudplatform vastgesteld. De voorbereiding van de eerste zaal met vloeistofkoeling is gestart.',
    deviations: 'Er zijn geen afwijkingen in de planning van de mijlpalen.',
  },
  workPackageProgress: [
    { workPackage: 'WP1', narrative: 'Ontwerp van de campuslocatie definitief in juni. Aanbesteding van de koelinstallatie voor de eerste zaal gestart.' },
    { workPackage: 'WP2', narrative: 'Architectuur van het soevereine cloudplatform vastgesteld in december, met aandacht voor Europese jurisdictie en certificering.' },
    { workPackage: 'WP3', narrative: 'Lijst van mogelijke edge-locaties opgesteld; de keuze volgt in het eerste kwartaal van 2025.' },
    { workPackage: 'WP4', narrative: 'Nog niet gestart volgens planning (start 2026).' },
  ],
  milestoneUpdates: [
    { milestone: 'M1.1', status: 'achieved', achievedDate: '2024-06-28', explanation: '' },
    { milestone: 'M2.1', status: 'achieved', achievedDate: '2024-12-19', explanation: '' },
  ],
  partnerParts: ECC_2024_PARTS,
  indicators: {
    fteTenths: fteTenths(ECC_2024_PARTS),
    jobsCreated: 14,
    smesInvolved: 2,
    publications: 0,
    openSourceReleases: 1,
    patentApplications: 0,
    standardisationContributions: 1,
  },
  spillover: [
    {
      type: 'event',
      title: 'Presentatie van de plannen voor de European Cloud Campus op een Europese cloudconferentie',
      activityDate: '2024-10-16',
      audience: 'Cloudaanbieders en zakelijke afnemers in Europa',
      reach: 250,
      url: null,
    },
    {
      type: 'knowledge_sharing',
      title: 'Bijdrage aan de IPCEI CIS-werkgroep over duurzame datacenters',
      activityDate: '2024-09-24',
      audience: 'Deelnemers IPCEI CIS',
      reach: 35,
      url: null,
    },
  ],
  risks: [
    {
      description: 'Stijgende energieprijzen maken de businesscase van de campus minder gunstig.',
      likelihood: 'medium',
      impact: 'high',
      mitigation: 'Langlopende energiecontracten en versnelde inzet van vloeistofkoeling.',
    },
    {
      description: 'Certificering volgens het Europese cloudbeveiligingsschema loopt vertraging op.',
      likelihood: 'medium',
      impact: 'medium',
      mitigation: 'Certificering voorbereiden op basis van ISO 27001 en de bestaande BIO-maatregelen.',
    },
  ],
  attachments: [
    {
      filename: 'ecc-overzicht-kosten-2024.csv',
      contentType: 'text/csv',
      description: 'Overzicht van de kosten 2024 per categorie (demo)',
      content: ECC_COSTS_CSV,
      uploadedBy: 'penvoerder.ecc@demo.ipcei.test',
      uploadedAt: at('2025-01-29T17:20:00'),
    },
  ],
};

// --- 2025: drafts -------------------------------------------------------------------------------

function draft2025(project: ProjectCode, sections: Partial<Record<ReportSection, SectionStatus>> = {}, progressSummary?: string): DemoReport {
  return {
    project,
    year: 2025,
    dueDate: dueDateFor(2025),
    workflow: null,
    draftSections: { ...NOT_STARTED, ...sections },
    narrative: progressSummary ? { progressSummary, deviations: '' } : null,
    workPackageProgress: [],
    milestoneUpdates: [],
    partnerParts: [],
    indicators: null,
    spillover: [],
    risks: [],
    attachments: [],
  };
}

export const DEMO_REPORTS: readonly DemoReport[] = [
  ECOFED_2024,
  MISD_2024,
  ECC_2024,
  draft2025(
    'ECOFED',
    { progress: 'in_progress' },
    'In 2025 zijn de testverbindingen tussen de datacenters in gebruik genomen (maart) en is de specificatie voor ' +
      'gefedereerde identiteit opgeleverd. [Concept – wordt aangevuld]',
  ),
  draft2025('MISD'),
  draft2025('ECC'),
];

/** Reference shown on a submission confirmation, e.g. IPCEI-CIS-ECOFED-2024-R1. */
export const revisionReference = (project: ProjectCode, year: number, revision: number) =>
  `${DEMO_PROGRAMME.code}-${project}-${year}-R${revision}`;
