/** …/kosten/:organisationId/sjabloon.xlsx — the cost import template (XLSX) in the page's language. */
export { templateLoader as loader } from '#app/report/sections/cost-import.server';
