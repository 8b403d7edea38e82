import type { FakeStep, Script } from "./FakePolicy.js";

/**
 * Scripts one solution per first-step candidate: the j-th first step ever written starts chain j, and chain j
 * then writes `chains[j]` step by step (its last step should carry the answer). Lets a test say exactly what
 * each of N samples is, whatever the seeds.
 */
export function chainScript(chains: readonly (readonly FakeStep[])[]): Script {
  let started = 0;
  return (path) => {
    const j = path.length === 0 ? started++ : Number(/^chain (\d+)/.exec(path[0] ?? "")?.[1]);
    const step = chains[j]?.[path.length];
    if (!step) return { text: `chain ${j} gives up`, finish: "eos" };
    return { ...step, text: path.length === 0 ? `chain ${j}: ${step.text}` : step.text };
  };
}

/** A chain of one step per score, the last an answer line: `[0.9]`-style tags carry the scores. */
export const chain = (answer: string | undefined, ...scores: number[]): FakeStep[] =>
  scores.map((score, i) =>
    i === scores.length - 1 && answer !== undefined
      ? { text: `Answer: ${answer} [${score}]`, answer }
      : { text: `Step ${i + 1} [${score}]` },
  );
