import type { LogicLimits } from "./LogicLimits.js";
import { jsonPointer, type ProgramError } from "./ProgramError.js";

/** A declared name: what it is and where, with its signature where it has one. `broken`: its declaration is malformed. */
interface Declaration {
  kind: "sort" | "value" | "constant" | "function" | "predicate";
  pointer: string;
  /** The sort of a constant or value; the result sort of a function. */
  sort?: string;
  /** Argument sorts of a function or predicate. */
  args?: string[];
  broken: boolean;
}

type Path = (string | number)[];

/**
 * A name in the DSL: letters, digits and underscores, not starting with a digit. Narrower than the JSON schema's
 * strings on purpose: names become Z3 symbols and LaTeX, and the solver's own labels ("facts/0") can then never
 * clash with a program's names.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NAME_LENGTH = 100;

/** How many names a "declared: …" list shows before "…". */
const LIST_LIMIT = 20;

/**
 * Type errors of a program whose overall shape is a program object (sections may be missing or malformed: those, and
 * every item with a structural error, listed in `broken`, are skipped). Checks, in document order: names, duplicate
 * names (sorts, finite-sort values, constants, functions and predicates share one namespace), unknown sorts,
 * circular sort definitions, arities, argument sorts, unknown predicates/functions/constants, unbound variables,
 * variables shadowing constants, empty quantifier lists, empty and/or, the declaration, node and quantifier-depth
 * limits, and a program with no verifications.
 *
 * Circular sorts: in this DSL a sort is either uninterpreted (any non-empty set) or finite, defined by its list of
 * values; only a value list can refer to anything, so a circular definition is a finite sort that lists itself (or
 * another sort) among its values. Both are errors, as is a finite sort with no values (a sort must be non-empty).
 */
export function typeErrors(program: Record<string, unknown>, limits: LogicLimits, broken: Set<string>): ProgramError[] {
  return new TypeChecker(program, limits, broken).run();
}

class TypeChecker {
  private readonly errors: ProgramError[] = [];
  private readonly declarations = new Map<string, Declaration>();
  private nodes = 0;
  private nodeLimitHit = false;

  constructor(
    private readonly program: Record<string, unknown>,
    private readonly limits: LogicLimits,
    private readonly broken: Set<string>,
  ) {}

  run(): ProgramError[] {
    const count = this.declarationCount();
    if (count > this.limits.maxDeclarations) {
      return [
        {
          pointer: "",
          kind: "limit",
          message: `the program declares ${count} names; the limit is ${this.limits.maxDeclarations} (maxDeclarations)`,
        },
      ];
    }
    this.declareSorts();
    this.declareConstants();
    this.declareSignatures("functions", "function");
    this.declareSignatures("predicates", "predicate");
    for (const section of ["facts", "rules"] as const) {
      this.items(section).forEach((formula, index) => {
        if (!this.isBroken([section, index])) this.formula(formula, [section, index], new Map(), 0);
      });
    }
    this.checkVerifications();
    return this.errors;
  }

  private error(path: Path, message: string, kind: ProgramError["kind"] = "type"): void {
    this.errors.push({ pointer: jsonPointer(path), message, kind });
  }

  /** The items of a section, or [] when it is missing or not a list (the structure check says so). */
  private items(section: string): unknown[] {
    const value = this.program[section];
    return Array.isArray(value) && !this.broken.has(jsonPointer([section])) ? value : [];
  }

  private isBroken(path: Path): boolean {
    return this.broken.has(jsonPointer(path));
  }

  private declarationCount(): number {
    let count = 0;
    for (const section of ["sorts", "constants", "functions", "predicates"]) {
      for (const item of this.items(section)) {
        count++;
        const values = (item as { values?: unknown } | null)?.values;
        if (section === "sorts" && Array.isArray(values)) count += values.length;
      }
    }
    return count;
  }

  /** Checks a declared name and enters it; false when it is unusable (bad or taken). */
  private declare(name: unknown, path: Path, declaration: Declaration): boolean {
    if (typeof name !== "string") return false;
    if (!declaration.broken && !this.validName(name, path)) return false;
    const existing = this.declarations.get(name);
    if (existing) {
      if (!declaration.broken && !existing.broken) {
        const circular = declaration.kind === "value" && existing.kind === "sort";
        this.error(
          path,
          circular
            ? `value ${name} is the name of a sort; a sort's values are individuals, not sorts (circular sort definition)`
            : `${name} is already declared as ${article(existing.kind)} at ${existing.pointer}; every name is declared once`,
        );
      }
      return false;
    }
    this.declarations.set(name, declaration);
    return true;
  }

  private validName(name: string, path: Path): boolean {
    if (name.length > MAX_NAME_LENGTH) {
      this.error(path, `name ${JSON.stringify(name.slice(0, 20) + "…")} is longer than ${MAX_NAME_LENGTH} characters`);
      return false;
    }
    if (!NAME.test(name)) {
      this.error(
        path,
        `name ${JSON.stringify(name)} must be ASCII letters, digits and underscores, not starting with a digit`,
      );
      return false;
    }
    return true;
  }

  private declareSorts(): void {
    const sorts = this.items("sorts");
    // Sort names first, so that a value clashing with a sort declared later is reported at the value.
    sorts.forEach((sort, index) => {
      const record = fields(sort) as { name?: unknown };
      const path = ["sorts", index, "name"];
      this.declare(record?.name, path, {
        kind: "sort",
        pointer: jsonPointer(["sorts", index]),
        broken: this.isBroken(["sorts", index]),
      });
    });
    sorts.forEach((sort, index) => {
      if (this.isBroken(["sorts", index])) return;
      const { name, values } = sort as { name: string; values?: string[] };
      if (values === undefined) return;
      if (values.length === 0) {
        this.error(
          ["sorts", index, "values"],
          `finite sort ${name} has no values; a sort needs at least one individual`,
        );
        return;
      }
      values.forEach((value, v) => {
        const path = ["sorts", index, "values", v];
        if (value === name) {
          this.error(path, `sort ${name} lists itself among its values (circular sort definition)`);
          return;
        }
        this.declare(value, path, { kind: "value", pointer: jsonPointer(path), sort: name, broken: false });
      });
    });
  }

  private declareConstants(): void {
    this.items("constants").forEach((item, index) => {
      const broken = this.isBroken(["constants", index]);
      const { name, sort } = fields(item) as { name?: unknown; sort?: unknown };
      if (!broken) this.sortName(sort, ["constants", index, "sort"]);
      this.declare(name, ["constants", index, "name"], {
        kind: "constant",
        pointer: jsonPointer(["constants", index]),
        sort: typeof sort === "string" && this.isSort(sort) ? sort : undefined,
        broken,
      });
    });
  }

  private declareSignatures(section: "functions" | "predicates", kind: "function" | "predicate"): void {
    this.items(section).forEach((item, index) => {
      const broken = this.isBroken([section, index]);
      const { name, args, returns } = fields(item) as { name?: unknown; args?: unknown; returns?: unknown };
      let ok = !broken;
      if (!broken) {
        (args as string[]).forEach((arg, a) => {
          ok = this.sortName(arg, [section, index, "args", a]) && ok;
        });
        if (kind === "function") ok = this.sortName(returns, [section, index, "returns"]) && ok;
      }
      this.declare(name, [section, index, "name"], {
        kind,
        pointer: jsonPointer([section, index]),
        args: args as string[],
        sort: kind === "function" ? (returns as string) : undefined,
        broken: !ok, // an unknown argument sort: uses are not checked against a signature that cannot hold
      });
    });
  }

  private isSort(name: string): boolean {
    return this.declarations.get(name)?.kind === "sort";
  }

  /** Checks that `name` names a declared sort. */
  private sortName(name: unknown, path: Path): boolean {
    if (typeof name !== "string") return false;
    if (this.isSort(name)) return true;
    const existing = this.declarations.get(name);
    if (existing) this.error(path, `${name} is ${article(existing.kind)}, not a sort; sorts: ${this.names("sort")}`);
    else this.error(path, `unknown sort ${shown(name)}; ${this.declaredList("sort", "sorts")}`);
    return false;
  }

  private names(...kinds: Declaration["kind"][]): string {
    const names = [...this.declarations].filter(([, d]) => kinds.includes(d.kind)).map(([n]) => n);
    if (names.length === 0) return "none";
    return names.length > LIST_LIMIT ? `${names.slice(0, LIST_LIMIT).join(", ")}, …` : names.join(", ");
  }

  private declaredList(kind: Declaration["kind"], plural: string): string {
    const names = this.names(kind);
    return names === "none" ? `no ${plural} are declared` : `declared: ${names}`;
  }

  /** Counts a formula or term node against maxNodes; false once the limit is passed (checking stops). */
  private countNode(): boolean {
    if (this.nodeLimitHit) return false;
    if (++this.nodes > this.limits.maxNodes) {
      this.nodeLimitHit = true;
      this.errors.push({
        pointer: "",
        kind: "limit",
        message: `the program has more than ${this.limits.maxNodes} formula and term nodes (maxNodes is ${this.limits.maxNodes})`,
      });
      return false;
    }
    return true;
  }

  /** Type-checks a structurally valid formula; `scope` maps bound variable names to their sorts (undefined: unknown). */
  private formula(node: unknown, path: Path, scope: Map<string, string | undefined>, quantifiers: number): void {
    if (!this.countNode()) return;
    const f = node as Record<string, unknown>;
    if ("pred" in f) this.predicate(f.pred as string, f.args as unknown[], path, scope);
    else if ("eq" in f) {
      const [left, right] = f.eq as unknown[];
      const a = this.term(left, [...path, "eq", 0], scope);
      const b = this.term(right, [...path, "eq", 1], scope);
      if (a !== undefined && b !== undefined && a !== b) {
        this.error(path, `the two sides of eq must have the same sort, got ${a} and ${b}`);
      }
    } else if ("not" in f) this.formula(f.not, [...path, "not"], scope, quantifiers);
    else if ("and" in f || "or" in f) {
      const key = "and" in f ? "and" : "or";
      const parts = f[key] as unknown[];
      if (parts.length === 0) {
        this.error(
          [...path, key],
          `${key} needs at least one formula (an empty ${key} would silently be ${key === "and" ? "true" : "false"})`,
        );
      }
      parts.forEach((part, i) => this.formula(part, [...path, key, i], scope, quantifiers));
    } else if ("implies" in f) {
      const [premise, conclusion] = f.implies as unknown[];
      this.formula(premise, [...path, "implies", 0], scope, quantifiers);
      this.formula(conclusion, [...path, "implies", 1], scope, quantifiers);
    } else {
      const key = "forall" in f ? "forall" : "exists";
      if (quantifiers + 1 > this.limits.maxQuantifierDepth) {
        this.error(
          path,
          `quantifiers nest more than ${this.limits.maxQuantifierDepth} deep here (maxQuantifierDepth is ${this.limits.maxQuantifierDepth})`,
          "limit",
        );
        return;
      }
      const vars = f[key] as { name: string; sort: string }[];
      if (vars.length === 0) this.error([...path, key], `${key} needs at least one variable`);
      const inner = new Map(scope);
      const here = new Set<string>();
      vars.forEach((v, i) => {
        const at = [...path, key, i];
        const known = this.sortName(v.sort, [...at, "sort"]);
        if (!this.validName(v.name, [...at, "name"])) {
          inner.set(v.name, undefined); // still bound: its uses are not reported again as unbound
          return;
        }
        const declared = this.declarations.get(v.name);
        if (declared && (declared.kind === "constant" || declared.kind === "value" || declared.kind === "function")) {
          this.error(
            [...at, "name"],
            `variable ${v.name} shadows the ${declared.kind} ${v.name}; give the variable another name`,
          );
          return;
        }
        if (here.has(v.name)) {
          this.error([...at, "name"], `variable ${v.name} appears twice in this ${key}`);
          return;
        }
        here.add(v.name);
        inner.set(v.name, known ? v.sort : undefined);
      });
      this.formula(f.body, [...path, "body"], inner, quantifiers + 1);
    }
  }

  private predicate(name: string, args: unknown[], path: Path, scope: Map<string, string | undefined>): void {
    const declaration = this.declarations.get(name);
    // The predicate's own error comes before its arguments': document order, and the model fixes the name first.
    if (!declaration) {
      this.error(
        [...path, "pred"],
        `unknown predicate ${shown(name)}; ${this.declaredList("predicate", "predicates")}`,
      );
    } else if (declaration.kind !== "predicate") {
      this.error(
        [...path, "pred"],
        `${shown(name)} is ${article(declaration.kind)}, not a predicate; predicates: ${this.names("predicate")}`,
      );
    }
    const argSorts = args.map((arg, i) => this.term(arg, [...path, "args", i], scope));
    if (declaration?.kind === "predicate" && !declaration.broken) {
      this.signature("predicate", name, declaration.args!, args, argSorts, path, scope);
    }
  }

  /** Checks arity, then each argument's sort (only when the arity fits: one error per mistake). */
  private signature(
    kind: "predicate" | "function",
    name: string,
    expected: string[],
    args: unknown[],
    argSorts: (string | undefined)[],
    path: Path,
    scope: Map<string, string | undefined>,
  ): void {
    if (expected.length !== args.length) {
      this.error(path, `${kind} ${name} expects ${plural(expected.length, "argument")}, got ${args.length}`);
      return;
    }
    argSorts.forEach((sort, i) => {
      if (sort !== undefined && sort !== expected[i]) {
        this.error(
          [...path, "args", i],
          `argument ${i + 1} of ${name} must be ${expected[i]}, got ${sort} ${describeTerm(args[i], scope)}`,
        );
      }
    });
  }

  /** The sort of a structurally valid term, or undefined when it is unknown (an error is recorded where it is wrong). */
  private term(node: unknown, path: Path, scope: Map<string, string | undefined>): string | undefined {
    if (!this.countNode()) return undefined;
    if (typeof node === "string") {
      if (scope.has(node)) return scope.get(node);
      const declaration = this.declarations.get(node);
      if (!declaration) {
        const constants = this.names("constant", "value");
        this.error(
          path,
          `${shown(node)} is not a constant and not bound by a forall or exists${constants === "none" ? "" : `; constants: ${constants}`}`,
        );
        return undefined;
      }
      if (declaration.kind === "constant" || declaration.kind === "value") return declaration.sort;
      if (declaration.kind === "function") {
        this.error(path, `${node} is a function; apply it as {"fn": "${node}", "args": [...]}`);
        return undefined;
      }
      this.error(path, `${node} is ${article(declaration.kind)}, not a term (a constant or a bound variable)`);
      return undefined;
    }
    const { fn, args } = node as { fn: string; args: unknown[] };
    const declaration = this.declarations.get(fn);
    if (!declaration) {
      this.error([...path, "fn"], `unknown function ${shown(fn)}; ${this.declaredList("function", "functions")}`);
    } else if (declaration.kind !== "function") {
      this.error(
        [...path, "fn"],
        `${fn} is ${article(declaration.kind)}, not a function; functions: ${this.names("function")}`,
      );
    }
    const argSorts = args.map((arg, i) => this.term(arg, [...path, "args", i], scope));
    if (declaration?.kind !== "function" || declaration.broken) return undefined;
    this.signature("function", fn, declaration.args!, args, argSorts, path, scope);
    return declaration.sort;
  }

  private checkVerifications(): void {
    const verifications = this.items("verifications");
    if (Array.isArray(this.program.verifications) && verifications.length === 0) {
      this.error(["verifications"], "the program has no verifications: nothing to decide");
      return;
    }
    const names = new Map<string, string>();
    verifications.forEach((item, index) => {
      if (this.isBroken(["verifications", index])) return;
      const { name, claim } = item as { name: string; claim: unknown };
      if (name.trim() === "") this.error(["verifications", index, "name"], "a verification needs a name");
      else if (names.has(name)) {
        this.error(["verifications", index, "name"], `verification name ${name} is already used at ${names.get(name)}`);
      } else names.set(name, jsonPointer(["verifications", index]));
      this.formula(claim, ["verifications", index, "claim"], new Map(), 0);
    });
  }
}

/** A term for a message, after its sort: `constant red`, `variable x`, `term color_of(Max)`. */
function describeTerm(term: unknown, scope: Map<string, string | undefined>): string {
  if (typeof term !== "string") return `term ${termText(term)}`;
  return scope.has(term) ? `variable ${term}` : `constant ${term}`;
}

/** A term as text for a message: `color_of(Max)`. */
function termText(term: unknown): string {
  if (typeof term === "string") return term;
  const { fn, args } = term as { fn: string; args: unknown[] };
  return `${fn}(${args.map(termText).join(", ")})`;
}

/** A name for a message: as written when it is a proper name, else quoted (an empty or odd name stays visible). */
function shown(name: string): string {
  return NAME.test(name) ? name : JSON.stringify(name);
}

/** An item's fields, or none when a malformed item is not an object. */
function fields(item: unknown): object {
  return item !== null && typeof item === "object" ? item : {};
}

function article(kind: Declaration["kind"]): string {
  return kind === "value" ? "a finite-sort value" : `a ${kind}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
