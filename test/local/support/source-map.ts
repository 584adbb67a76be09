/**
 * Reads a source map (version 3) as a debugger does: which generated position a line of an original file
 * starts at, and which original file and line a generated position comes from. Test support for the
 * debugger test; a plain decoder of the `mappings` field (base64 VLQ), no library.
 */

export interface Segment {
  /** 0-based, as the inspector protocol counts. */
  readonly generatedLine: number;
  readonly generatedColumn: number;
  readonly source: string;
  /** 0-based. */
  readonly line: number;
  readonly column: number;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The values of one segment (`AAAA`, `kBAAC`...): each a base64 VLQ, sign in the lowest bit. */
function vlqValues(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`not base64 VLQ: ${text}`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

export function segments(map: { sources: string[]; mappings: string }): Segment[] {
  const out: Segment[] = [];
  let source = 0;
  let line = 0;
  let column = 0;
  map.mappings.split(";").forEach((group, generatedLine) => {
    let generatedColumn = 0;
    for (const part of group.split(",")) {
      if (part === "") continue;
      const values = vlqValues(part);
      generatedColumn += values[0];
      if (values.length < 4) continue;
      source += values[1];
      line += values[2];
      column += values[3];
      out.push({ generatedLine, generatedColumn, source: map.sources[source], line, column });
    }
  });
  return out;
}

/** The first generated position of `line` (0-based) of `source`. */
export function generatedFor(all: readonly Segment[], source: string, line: number): Segment | undefined {
  return all
    .filter((segment) => segment.source === source && segment.line === line)
    .sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn)[0];
}

/** The original position a generated position comes from: the segment at or before it on its line. */
export function originalFor(
  all: readonly Segment[],
  generatedLine: number,
  generatedColumn: number,
): Segment | undefined {
  let best: Segment | undefined;
  for (const segment of all) {
    if (segment.generatedLine !== generatedLine || segment.generatedColumn > generatedColumn) continue;
    if (!best || segment.generatedColumn >= best.generatedColumn) best = segment;
  }
  return best;
}
