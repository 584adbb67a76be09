import { SETTINGS } from "./settings";

/** The README's settings table, generated so every setting is documented with its real default. */
export function settingsTable(): string {
  const rows = Object.values(SETTINGS).map((spec) => {
    const fallback = spec.fallback({});
    const shown =
      fallback === undefined
        ? "unset"
        : typeof fallback === "object"
          ? JSON.stringify(fallback)
          : String(fallback);
    const dependent = spec.fallback.length > 0 ? " (derived)" : "";
    return `| \`${spec.env}\` | \`${spec.context}\` | ${escape(shown)}${dependent} | ${escape(spec.doc)} |`;
  });
  return ["| environment variable | context key | default | meaning |", "|---|---|---|---|", ...rows].join(
    "\n",
  );
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|");
}
