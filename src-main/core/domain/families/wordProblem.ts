import { claim } from "../arithmeticClaim.js";
import type { Difficulty, GeneratedProblem } from "../Problem.js";
import type { Rng } from "../random.js";

const NAMES = [
  "Ana",
  "Ben",
  "Chloe",
  "Dev",
  "Emma",
  "Farid",
  "Grace",
  "Hugo",
  "Ivy",
  "Jon",
  "Kira",
  "Liam",
  "Mia",
  "Noah",
];
const ITEMS = ["apples", "pencils", "stickers", "marbles", "cookies", "cards", "shells", "books"];

type Template = (rng: Rng, size: (base: number) => number) => GeneratedProblem;

/** Numbers grow with difficulty: `size(b)` is the upper bound for a quantity whose easy bound is b. */
const SCALE: Record<Difficulty, number> = { 1: 1, 2: 2, 3: 3 };

const twoStep: Template[] = [
  (rng, size) => {
    const [name, item] = [rng.pick(NAMES), rng.pick(ITEMS)];
    const boxes = rng.int(2, 9);
    const each = rng.int(2, size(12));
    const total = boxes * each;
    const given = rng.int(1, total - 1);
    const s1 = claim(boxes, "*", each);
    const s2 = claim(s1.value, "-", given);
    return {
      problem: `${name} has ${boxes} boxes with ${each} ${item} each and gives away ${given} ${item}. How many ${item} does ${name} have left?`,
      answer: String(s2.value),
      steps: [`${name} starts with ${s1.text} ${item}.`, `After giving away ${given}, ${s2.text} ${item} are left.`],
    };
  },
  (rng, size) => {
    const [name, item] = [rng.pick(NAMES), rng.pick(ITEMS)];
    const count = rng.int(2, 9);
    const price = rng.int(2, size(9));
    const cost = count * price;
    const bill = rng.pick([10, 20, 50, 100].filter((b) => b > cost).concat([Math.ceil((cost + 1) / 100) * 100]));
    const s1 = claim(count, "*", price);
    const s2 = claim(bill, "-", s1.value);
    return {
      problem: `${name} buys ${count} ${item} at ${price} dollars each and pays with ${bill} dollars. How much change does ${name} get?`,
      answer: String(s2.value),
      steps: [`The ${item} cost ${s1.text} dollars.`, `The change is ${s2.text} dollars.`],
    };
  },
  (rng, size) => {
    const speed = rng.int(2, size(15)) * 5;
    const hours = rng.int(2, 6);
    const extra = rng.int(1, size(40));
    const s1 = claim(speed, "*", hours);
    const s2 = claim(s1.value, "+", extra);
    return {
      problem: `A train travels ${speed} miles per hour for ${hours} hours, then ${extra} more miles. How many miles does it travel in all?`,
      answer: String(s2.value),
      steps: [`In ${hours} hours it travels ${s1.text} miles.`, `In all it travels ${s2.text} miles.`],
    };
  },
  (rng, size) => {
    const [name, item] = [rng.pick(NAMES), rng.pick(ITEMS)];
    const friends = rng.int(2, 9);
    const each = rng.int(2, size(10));
    const eaten = rng.int(1, each - 1);
    const total = friends * each;
    const s1 = claim(total, "/", friends);
    const s2 = claim(s1.value, "-", eaten);
    return {
      problem: `${friends} friends share ${total} ${item} equally, then each gives ${eaten} to ${name}. How many ${item} does each friend have left?`,
      answer: String(s2.value),
      steps: [`Each friend gets ${s1.text} ${item}.`, `Each friend has ${s2.text} ${item} left.`],
    };
  },
];

const threeStep: Template[] = [
  (rng, size) => {
    const name = rng.pick(NAMES);
    const perDay = rng.int(3, size(8));
    const days = rng.int(2, 9);
    const last = rng.int(1, size(10));
    const read = perDay * days + last;
    const book = read + rng.int(1, size(60));
    const s1 = claim(perDay, "*", days);
    const s2 = claim(s1.value, "+", last);
    const s3 = claim(book, "-", s2.value);
    return {
      problem: `${name} reads ${perDay} pages a day for ${days} days and then ${last} pages. The book has ${book} pages. How many pages are left?`,
      answer: String(s3.value),
      steps: [
        `In ${days} days ${name} reads ${s1.text} pages.`,
        `In all ${name} reads ${s2.text} pages.`,
        `The pages left are ${s3.text}.`,
      ],
    };
  },
  (rng, size) => {
    const [a, b] = [rng.pick(NAMES), rng.pick(NAMES)];
    const other = a === b ? "a friend" : b;
    const item = rng.pick(ITEMS);
    const first = rng.int(2, size(25));
    const bags = rng.int(2, 5);
    let more = rng.int(1, size(15));
    more += (bags - ((2 * first + more) % bags)) % bags;
    const s1 = claim(first, "+", more);
    const s2 = claim(first, "+", s1.value);
    const s3 = claim(s2.value, "/", bags);
    return {
      problem: `${a} has ${first} ${item} and ${other} has ${more} more than ${a}. They share all of them equally among ${bags} bags. How many ${item} go in each bag?`,
      answer: String(s3.value),
      steps: [
        `${other[0]?.toUpperCase()}${other.slice(1)} has ${s1.text} ${item}.`,
        `Together they have ${s2.text} ${item}.`,
        `Each bag gets ${s3.text} ${item}.`,
      ],
    };
  },
];

export function generateWordProblem(rng: Rng, difficulty: Difficulty): GeneratedProblem {
  const size = (base: number): number => base * SCALE[difficulty];
  const pool = difficulty === 3 ? threeStep : twoStep;
  return rng.pick(pool)(rng, size);
}
