/**
 * Terraform templates: the strings of Terraform's JSON syntax, and the quoted strings inside an expression. A
 * template is literal text with `${ expression }` interpolations and `%{ if ... }` / `%{ for ... }` directives;
 * `$${` and `%%{` write a literal `${` and `%{`, and a `~` just inside the braces (`${~ x ~}`) strips the
 * whitespace around the sequence (it is not part of the expression). A string inside an expression is a template
 * again, so scanning recurses: `${"}"}` and `${"${"}"}"}` each end at their last brace.
 */

export type TemplatePart =
  | { readonly kind: "literal"; readonly text: string }
  | {
      /** `expression` for `${...}`, `directive` for `%{...}` (`if x`, `else`, `endif`, `for v in x`, `endfor`). */
      readonly kind: "expression" | "directive";
      /** The text between the braces, without strip markers, trimmed. */
      readonly expression: string;
      /** As written, braces included. */
      readonly source: string;
    };

/** The pieces of a template string; an unclosed `${` or `%{` stays literal text. */
export function templateParts(text: string): TemplatePart[] {
  return scanTemplate(text, 0, false).parts;
}

/**
 * Reads template text from `from` to the end of `text`, or, when `quoted` (a string inside an expression), to
 * the `"` that closes it (`\` escapes the next character there). `end` is that quote's index, or text.length.
 */
export function scanTemplate(
  text: string,
  from: number,
  quoted: boolean,
): { parts: TemplatePart[]; end: number } {
  const closes = closings(text, from, quoted);
  const parts: TemplatePart[] = [];
  let literal = "";
  let index = from;
  while (index < text.length) {
    const char = text[index];
    if (quoted && char === '"') break;
    if (quoted && char === "\\") {
      literal += text.slice(index, index + 2);
      index += 2;
      continue;
    }
    const next = text.slice(index, index + 3);
    if (next === "$${" || next === "%%{") {
      literal += next.slice(1);
      index += 3;
      continue;
    }
    const end = closes.get(index);
    if (end === undefined) {
      literal += char;
      index++;
      continue;
    }
    if (literal !== "") parts.push({ kind: "literal", text: literal });
    literal = "";
    parts.push({
      kind: char === "$" ? "expression" : "directive",
      expression: text
        .slice(index + 2, end)
        .replace(/^~/, "")
        .replace(/~$/, "")
        .trim(),
      source: text.slice(index, end + 1),
    });
    index = end + 1;
  }
  if (literal !== "") parts.push({ kind: "literal", text: literal });
  return { parts, end: Math.min(index, text.length) };
}

/**
 * Where each `${` and `%{` from `from` on is closed, found in one pass with a stack of what is open (template
 * text, an expression with its brace depth, a string inside it), as Terraform's scanner does: no rescanning, so
 * deep or unbalanced input costs one pass. A sequence left open at the end has no entry (it reads as text).
 */
function closings(text: string, from: number, quoted: boolean): Map<number, number> {
  type Open = { kind: "text" } | { kind: "expression"; start: number; depth: number };
  const closes = new Map<number, number>();
  const stack: Open[] = [{ kind: "text" }];
  for (let index = from; index < text.length; index++) {
    const top = stack[stack.length - 1];
    const char = text[index];
    if (top.kind === "text") {
      const inString = quoted || stack.length > 1;
      if (char === '"' && inString) {
        if (stack.length === 1) break;
        stack.pop();
      } else if (char === "\\" && inString) index++;
      else if (text.startsWith("$${", index) || text.startsWith("%%{", index)) index += 2;
      else if ((char === "$" || char === "%") && text[index + 1] === "{") {
        stack.push({ kind: "expression", start: index, depth: 0 });
        index++;
      }
    } else if (char === '"') stack.push({ kind: "text" });
    else if (char === "{") top.depth++;
    else if (char === "}") {
      if (top.depth > 0) top.depth--;
      else {
        closes.set(top.start, index);
        stack.pop();
      }
    }
  }
  return closes;
}
