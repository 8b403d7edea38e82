import { createRng, type Rng } from "../../domain/random.js";
import type { Formula, Program } from "../dsl.js";

/**
 * A ProntoQA-style question (Saparov & He, "Language Models Are Greedy Reasoners: A Systematic Formal Analysis of
 * Chain-of-Thought", ICLR 2023, §3): a fictional ontology ("Every wumpus is a yumpus. Every yumpus is not fast."),
 * a fact about one individual ("Max is a wumpus."), and a true-or-false claim that follows in `hops` steps of modus
 * ponens. Fictional concept names keep the model from answering from world knowledge.
 */
export interface LogicQuestion {
  /** `prontoqa-<split>-<nnn>`. */
  id: string;
  /** The generator's seed: the same seed always gives the same question. */
  seed: number;
  /** Rule applications from the individual's fact to the claim (1–5). */
  hops: number;
  /** The context sentences, in the order shown. */
  sentences: string[];
  /** "True or false: Max is not fast." */
  query: string;
  /** The whole question as a user would type it: sentences, then the query. */
  question: string;
  /** Whether the claim is true (it always follows either way: false means its negation follows). */
  answer: boolean;
  /** The program that states exactly the question's facts, in the DSL, in the order the sentences give them. */
  program: Program;
  /** Each sentence (then the query) with the one formula that states it: a fact, a rule, or the claim. */
  statements: { text: string; formula: Formula }[];
}

/** Options of the generator. */
export interface QuestionOptions {
  /** Reasoning hops, 1–5. */
  hops: number;
  /** Distractor concepts outside the individual's chain, each with a rule about the claim's property; default 1–2. */
  distractors?: number;
}

/** ProntoQA's fictional concept names (all end in "us": plural "-uses"). */
export const CONCEPTS = [
  "wumpus", "yumpus", "zumpus", "dumpus", "rompus", "numpus", "tumpus", "vumpus", "impus", "jompus", "gorpus",
  "shumpus", "lempus", "sterpus", "grimpus", "lorpus", "brimpus", "lirpus", "storpus", "frompus",
] as const; // prettier-ignore

/** Properties: adjectives a concept can have or lack. */
export const PROPERTIES = [
  "fast", "slow", "blue", "red", "green", "happy", "sad", "sour", "sweet", "bright", "dull", "small", "large",
  "hot", "cold", "wooden", "metallic", "shy", "kind", "mean", "feisty", "nervous", "opaque", "fruity", "spicy",
  "liquid", "floral", "loud", "quiet", "angry",
] as const; // prettier-ignore

/** Names of individuals. */
export const NAMES = [
  "Max", "Alex", "Sam", "Polly", "Rex", "Fae", "Wren", "Sally", "Stella", "Tom", "Jo", "Ivy", "Leo", "Nora",
] as const; // prettier-ignore

/** The single sort every generated program declares. */
export const ENTITY_SORT = "entity";

type Sentence =
  | { kind: "isa"; name: string; concept: string }
  | { kind: "has"; name: string; property: string; positive: boolean }
  | { kind: "sub"; from: string; to: string }
  | { kind: "prop"; concept: string; property: string; positive: boolean };

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

function plural(concept: string): string {
  return `${concept}es`;
}

function say(sentence: Sentence, rng: Rng): string {
  const form = rng.int(0, 2);
  switch (sentence.kind) {
    case "isa":
      return `${sentence.name} is ${article(sentence.concept)} ${sentence.concept}.`;
    case "has":
      return `${sentence.name} is ${sentence.positive ? "" : "not "}${sentence.property}.`;
    case "sub":
      if (form === 2) return `All ${plural(sentence.from)} are ${plural(sentence.to)}.`;
      return `${form === 0 ? "Every" : "Each"} ${sentence.from} is ${article(sentence.to)} ${sentence.to}.`;
    case "prop": {
      const not = sentence.positive ? "" : "not ";
      if (form === 2) return `All ${plural(sentence.concept)} are ${not}${sentence.property}.`;
      return `${form === 0 ? "Every" : "Each"} ${sentence.concept} is ${not}${sentence.property}.`;
    }
  }
}

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function atom(pred: string, arg: string): Formula {
  return { pred, args: [arg] };
}

function literal(pred: string, arg: string, positive: boolean): Formula {
  return positive ? atom(pred, arg) : { not: atom(pred, arg) };
}

/** The formula that states one sentence: a fact about an individual, or a rule over every x. */
export function formulaFor(sentence: Sentence): Formula {
  const rule = (body: Formula): Formula => ({ forall: [{ name: "x", sort: ENTITY_SORT }], body });
  switch (sentence.kind) {
    case "isa":
      return atom(sentence.concept, sentence.name);
    case "has":
      return literal(sentence.property, sentence.name, sentence.positive);
    case "sub":
      return rule({ implies: [atom(sentence.from, "x"), atom(sentence.to, "x")] });
    case "prop":
      return rule({ implies: [atom(sentence.concept, "x"), literal(sentence.property, "x", sentence.positive)] });
  }
}

/**
 * The program that states a question's sentences: one sort, its individuals, every concept and property as a unary
 * predicate (in order of first mention), one fact per fact sentence and one rule per rule sentence (in the order
 * shown), and the claim as the one verification.
 */
export function programFor(
  sentences: readonly Sentence[],
  claim: { name: string; property: string; positive: boolean },
): Program {
  const constants: string[] = [];
  const predicates: string[] = [];
  const see = (list: string[], item: string): void => {
    if (!list.includes(item)) list.push(item);
  };
  const facts: Formula[] = [];
  const rules: Formula[] = [];
  const x = "x";
  const rule = (body: Formula): Formula => ({ forall: [{ name: x, sort: ENTITY_SORT }], body });
  for (const s of sentences) {
    switch (s.kind) {
      case "isa":
        see(constants, s.name);
        see(predicates, s.concept);
        facts.push(atom(s.concept, s.name));
        break;
      case "has":
        see(constants, s.name);
        see(predicates, s.property);
        facts.push(literal(s.property, s.name, s.positive));
        break;
      case "sub":
        see(predicates, s.from);
        see(predicates, s.to);
        rules.push(rule({ implies: [atom(s.from, x), atom(s.to, x)] }));
        break;
      case "prop":
        see(predicates, s.concept);
        see(predicates, s.property);
        rules.push(rule({ implies: [atom(s.concept, x), literal(s.property, x, s.positive)] }));
        break;
    }
  }
  see(constants, claim.name);
  see(predicates, claim.property);
  return {
    sorts: [{ name: ENTITY_SORT }],
    constants: constants.map((name) => ({ name, sort: ENTITY_SORT })),
    predicates: predicates.map((name) => ({ name, args: [ENTITY_SORT] })),
    facts,
    rules,
    verifications: [{ name: "claim", claim: literal(claim.property, claim.name, claim.positive) }],
  };
}

/**
 * One question, deterministic from `seed`. The individual is a c0; rules c0 → c1 → … → c(h−1) and c(h−1) → (¬)p give
 * the claim about p in h hops. Distractors, as ProntoQA's: properties on the chain's other concepts, and concepts
 * outside the chain that have the opposite of p (so p's mention does not give the answer away), sometimes with an
 * individual of their own. Sentences are shuffled, so the chain must be followed, not read in order.
 *
 * @throws RangeError when hops is not an integer in 1–5.
 */
export function generateQuestion(seed: number, id: string, options: QuestionOptions): LogicQuestion {
  const { hops } = options;
  if (!Number.isInteger(hops) || hops < 1 || hops > 5) throw new RangeError(`hops must be an integer 1–5, got ${hops}`);
  const rng = createRng(seed);
  const distractors = options.distractors ?? rng.int(1, 2);
  const concepts = shuffle(CONCEPTS, rng);
  const properties = shuffle(PROPERTIES, rng);
  const names = shuffle(NAMES, rng);
  const chain = concepts.slice(0, hops);
  const others = concepts.slice(hops, hops + distractors);
  const name = names[0] as string;
  const target = properties[0] as string;
  const positive = rng.next() < 0.5;

  const sentences: Sentence[] = [{ kind: "isa", name, concept: chain[0] as string }];
  for (let i = 0; i + 1 < chain.length; i++)
    sentences.push({ kind: "sub", from: chain[i] as string, to: chain[i + 1] as string });
  sentences.push({ kind: "prop", concept: chain[hops - 1] as string, property: target, positive });
  // Properties of the chain's other concepts: true of the individual too, but not what is asked.
  for (let i = 0; i + 1 < chain.length; i++)
    if (rng.next() < 0.5)
      sentences.push({
        kind: "prop",
        concept: chain[i] as string,
        property: properties[1 + i] as string,
        positive: rng.next() < 0.5,
      });
  // Concepts outside the chain with the opposite of the target property; the first may hang below another.
  others.forEach((concept, i) => {
    sentences.push({ kind: "prop", concept, property: target, positive: !positive });
    if (i > 0) sentences.push({ kind: "sub", from: others[i - 1] as string, to: concept });
  });
  if (others.length > 0 && rng.next() < 0.5)
    sentences.push({ kind: "isa", name: names[1] as string, concept: others[0] as string });

  const shown = shuffle(sentences, rng);
  const claimPositive = rng.next() < 0.5;
  const query = `True or false: ${name} is ${claimPositive ? "" : "not "}${target}.`;
  const texts = shown.map((s) => say(s, rng));
  return {
    id,
    seed,
    hops,
    sentences: texts,
    query,
    question: `${texts.join(" ")} ${query}`,
    answer: claimPositive === positive,
    program: programFor(shown, { name, property: target, positive: claimPositive }),
    statements: [
      ...shown.map((sentence, i) => ({ text: texts[i] as string, formula: formulaFor(sentence) })),
      { text: query, formula: literal(target, name, claimPositive) },
    ],
  };
}
