import { PER_STACK_SETTINGS } from "./app-settings";
import { loadSettings, SETTINGS } from "./settings";

/** The README's settings table, generated so every setting is documented with its real default. */
export function settingsTable(): string {
  const defaults: Record<string, unknown> = loadSettings();
  const rows = Object.entries(SETTINGS).map(([key, spec]) => {
    const shown = "defaultDoc" in spec ? String(spec.defaultDoc) : formatValue(defaults[key]);
    const perStack = (PER_STACK_SETTINGS as readonly string[]).includes(key) ? " Can be set per stack." : "";
    return `| \`${spec.env}\` | \`${spec.context}\` | ${escapePipes(shown)} | ${escapePipes(spec.doc)}${perStack} |`;
  });
  const header = ["| environment variable | context key | default | meaning |", "|---|---|---|---|"];
  return [...header, ...rows].join("\n");
}

function formatValue(value: unknown): string {
  if (value === undefined) return "unset";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  if (typeof value === "object" && value !== null) {
    return Object.keys(value).length === 0 ? "none" : JSON.stringify(value);
  }
  return String(value);
}

function escapePipes(text: string): string {
  return text.replace(/\|/g, "\\|");
}
