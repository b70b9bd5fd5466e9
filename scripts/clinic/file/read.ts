/**
 * Reads a clinic file (YAML, or JSON, which YAML 1.2 contains) and validates it with the schema.
 * Every problem names the file, the line and column, the field and what is wrong:
 *   my-clinic.yaml:14:7: services[1].duration_minutes: must be a whole number
 * The line comes from the parsed document, so it points at the value (or the key, or the object
 * where a required key is missing) however the file is laid out.
 */
import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import { clinicFileSchema, type ClinicFile } from "./schema.ts";

/** One problem at one place of the file. */
export interface FileProblem {
  /** `services[1].duration_minutes`, or "" for the file as a whole. */
  field: string;
  message: string;
  line: number | null;
  column: number | null;
}

/** A file that cannot be used: every problem found, each with its place. */
export class ClinicFileError extends Error {
  override name = "ClinicFileError";
  constructor(
    readonly file: string,
    readonly problems: readonly FileProblem[],
  ) {
    super(problems.map((problem) => formatProblem(file, problem)).join("\n"));
  }
}

export function formatProblem(file: string, problem: FileProblem): string {
  const place = problem.line === null ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  return `${place}: ${problem.field === "" ? "" : `${problem.field}: `}${problem.message}`;
}

/** `["services", 1, "duration_minutes"]` → `services[1].duration_minutes`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`), "");
}

/** A parsed file, kept so later stages (planning) can point at its lines too. */
export interface ClinicSource {
  file: string;
  data: ClinicFile;
  /** Line and column of a field: its value (or with `atKey`, its key), else the nearest enclosing node. */
  locate(path: readonly PropertyKey[], atKey?: boolean): { line: number; column: number } | null;
}

type Located = { node: Node | null; keyNode: Node | null };

/** The deepest node along `path`, and the key node of the last pair found. */
function walk(doc: Document, path: readonly PropertyKey[]): Located {
  let node = doc.contents as Node | null;
  let keyNode: Node | null = null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = (pair.value as Node | null) ?? keyNode;
    } else if (isSeq(node) && typeof key === "number" && node.items[key] !== undefined) {
      node = node.items[key] as Node;
      keyNode = null;
    } else {
      break;
    }
  }
  return { node, keyNode };
}

function locator(doc: Document, lines: LineCounter) {
  return (path: readonly PropertyKey[], atKey = false): { line: number; column: number } | null => {
    const { node, keyNode } = walk(doc, path);
    const offset = (atKey ? keyNode?.range?.[0] : undefined) ?? node?.range?.[0] ?? keyNode?.range?.[0];
    if (offset === undefined) return null;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
}

/** Where a zod issue points: an unknown key points at that key, not at its object. */
function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  const path = [...issue.path];
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return path;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.path.length === 0 && issue.code === "invalid_type") {
    return "the file must be a mapping of fields, starting with clinic: (see supabase/clinics/harbor-family-clinic.yaml)";
  }
  if (issue.code === "unrecognized_keys") {
    return `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(", ")}` : ""} (check the spelling against supabase/clinics/harbor-family-clinic.yaml)`;
  }
  if (issue.code === "invalid_type" && issue.input === undefined) return "is required";
  return issue.message;
}

/** Parses and validates `text` (the contents of `file`). */
export function parseClinicFile(file: string, text: string): ClinicSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ClinicFileError(
      file,
      doc.errors.map((error) => {
        const position = error.linePos?.[0];
        return { field: "", message: (error.message.split("\n")[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, ""), line: position?.line ?? null, column: position?.col ?? null };
      }),
    );
  }
  const locate = locator(doc, lines);
  // reportInput: "is required" is told apart from a wrong value by the input being absent.
  const parsed = clinicFileSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): FileProblem => {
      const path = issuePath(issue);
      const place = locate(path, issue.code === "unrecognized_keys");
      return { field: formatPath(path), message: issueMessage(issue), line: place?.line ?? null, column: place?.column ?? null };
    });
    throw new ClinicFileError(file, problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
  }
  return { file, data: parsed.data, locate };
}

/** Reads `file` from disk and parses it; messages name it as `shown` (default: as given). */
export function readClinicFile(file: string, shown = file): ClinicSource {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ClinicFileError(shown, [{ field: "", message: code === "ENOENT" ? "no such file" : `cannot be read (${code ?? String(error)})`, line: null, column: null }]);
  }
  return parseClinicFile(shown, text);
}
