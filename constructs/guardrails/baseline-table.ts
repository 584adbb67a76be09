import { BASELINE_RULES, type BaselineReport } from "./baseline";

/**
 * The README's baseline table, from the reports of a synth with default settings: each rule, what it requires,
 * where the stacks meet it (how many resources pass it) and which exceptions apply, with their reasons.
 */
export function baselineTable(reports: readonly BaselineReport[]): string {
  const rows = BASELINE_RULES.map((rule) => {
    const waived = reports.flatMap((report) => report.waived.filter((w) => w.rule === rule.id));
    const checked = reports.reduce((total, report) => total + (report.checkedByRule[rule.id] ?? 0), 0);
    const met = checked - waived.length;
    const where = checked === 0 ? "no such resource with default settings" : `${met} of ${checked} resources`;
    const reasons = [...new Set(waived.map((w) => w.reason))];
    const exceptions =
      reasons.length === 0
        ? ""
        : reasons.map((reason) => `${count(waived, reason)}: ${reason}`).join("<br/>");
    const id = rule.equivalents?.length ? `${rule.id} (${rule.equivalents.join(", ")})` : rule.id;
    return `| ${id} | ${cell(rule.requirement)} | ${where} | ${cell(exceptions)} |`;
  });
  return ["| rule | requires | met by (defaults) | exceptions |", "|---|---|---|---|", ...rows].join("\n");
}

function count(waived: readonly { reason: string }[], reason: string): string {
  const n = waived.filter((w) => w.reason === reason).length;
  return `${n} waived`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
