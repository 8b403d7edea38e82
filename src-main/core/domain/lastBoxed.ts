/**
 * The contents of the last `\boxed{...}` (or `\fbox{...}`) in a text, braces matched at any depth, as MATH and
 * PRM800K graders read a solution's final answer ("last_boxed_only_string", Hendrycks et al. 2021, MATH's
 * evaluation code): a model that boxes a partial result and then its answer is graded on the answer.
 * `\boxed 5` (no braces) gives the token after the space. Undefined when there is no box, or its braces never
 * close.
 */
export function lastBoxed(text: string): string | undefined {
  const start = Math.max(text.lastIndexOf("\\boxed"), text.lastIndexOf("\\fbox"));
  if (start < 0) return undefined;
  const rest = text.slice(start).replace(/^\\(boxed|fbox)/, "");
  if (rest.startsWith(" ")) return /^ +([^\s$]+)/.exec(rest)?.[1];
  if (!rest.startsWith("{")) return undefined;
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "{") depth++;
    else if (rest[i] === "}" && --depth === 0) return rest.slice(1, i);
  }
  return undefined;
}
