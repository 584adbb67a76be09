/** Runs cases one after another (a deployed stage throttles bursts) and reports them the way jest does. */
import type { AcceptanceCase } from "./case";

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly ms: number;
  readonly error?: string;
}

export async function runCases(
  cases: readonly AcceptanceCase[],
  onResult: (result: CaseResult) => void = () => {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const entry of cases) {
    const started = Date.now();
    let error: string | undefined;
    try {
      await entry.run();
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const result = { name: entry.name, passed: error === undefined, ms: Date.now() - started, error };
    results.push(result);
    onResult(result);
  }
  return results;
}

export function resultLine(result: CaseResult): string {
  const line = `  ${result.passed ? "✓" : "✕"} ${result.name} (${result.ms} ms)`;
  return result.error === undefined ? line : `${line}\n      ${result.error.replace(/\n/g, "\n      ")}`;
}

export function summary(results: readonly CaseResult[], ms: number): string {
  const failed = results.filter((result) => !result.passed).length;
  const counts = [
    failed > 0 ? `${failed} failed` : "",
    `${results.length - failed} passed`,
    `${results.length} total`,
  ];
  return [
    `Tests:       ${counts.filter((part) => part !== "").join(", ")}`,
    `Time:        ${(ms / 1000).toFixed(1)} s`,
  ].join("\n");
}
