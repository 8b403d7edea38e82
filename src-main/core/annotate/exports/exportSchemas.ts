import * as z from "zod";

/**
 * The training-data formats Mull writes, one JSON object per line (JSONL), each readable by its trainer as it is:
 * - `trl-prm`: TRL's stepwise supervision (PRMTrainer): `prompt`, `completions` (the steps), `labels` (one boolean per
 *   step).
 * - `math-shepherd`: the columns of the peiyi9979/Math-Shepherd dataset: `input` with ` ки` after each step, `label`
 *   with each ` ки` replaced by `+` or `-`, and `task`.
 * - `sft`: supervised fine-tuning traces (TRL's prompt-completion format): the policy's prompt and a correct solution.
 * - `dpo`: preference pairs (TRL's DPOTrainer): the prompt, a correct solution (`chosen`) and a wrong one (`rejected`).
 */
export const EXPORT_FORMATS = ["trl-prm", "math-shepherd", "sft", "dpo"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Math-Shepherd's step tag: written after every step of `input`, replaced by the step's label in `label`. */
export const STEP_TAG = "ки";

/** `task` of every math-shepherd row Mull writes (the dataset names GSM8K or MATH; Mull's problems are its own). */
export const MATH_SHEPHERD_TASK = "step-math";

const trlPrm = z.strictObject({
  prompt: z.string().min(1),
  completions: z.array(z.string()).min(1),
  labels: z.array(z.boolean()).min(1),
});

const mathShepherd = z.strictObject({
  input: z.string().min(1),
  label: z.string().min(1),
  task: z.string().min(1),
});

const sft = z.strictObject({
  prompt: z.string().min(1),
  completion: z.string().min(1),
});

const dpo = z.strictObject({
  prompt: z.string().min(1),
  chosen: z.string().min(1),
  rejected: z.string().min(1),
});

/**
 * Each format's row, exactly: no key beyond the trainer's columns (strict objects), and the relations between
 * columns checked (as many labels as completions; `label` is `input` with every tag replaced by `+` or `-`;
 * `chosen` differs from `rejected`). `readExport` reads files back through these.
 */
export const exportSchemas = {
  "trl-prm": trlPrm.refine((r) => r.labels.length === r.completions.length, {
    message: "must have one label per completion",
    path: ["labels"],
  }),
  "math-shepherd": mathShepherd
    .refine((r) => r.input.includes(STEP_TAG), {
      message: `must tag at least one step with ${STEP_TAG}`,
      path: ["input"],
    })
    .refine((r) => sameButTags(r.input, r.label), {
      message: `must be input with each ${STEP_TAG} replaced by + or -`,
      path: ["label"],
    }),
  sft,
  dpo: dpo.refine((r) => r.chosen !== r.rejected, { message: "must differ from chosen", path: ["rejected"] }),
} as const;

export type TrlPrmRow = z.infer<typeof trlPrm>;
export type MathShepherdRow = z.infer<typeof mathShepherd>;
export type SftRow = z.infer<typeof sft>;
export type DpoRow = z.infer<typeof dpo>;

/** A row of each format. */
export interface ExportRowOf {
  "trl-prm": TrlPrmRow;
  "math-shepherd": MathShepherdRow;
  sft: SftRow;
  dpo: DpoRow;
}

/** Whether `label` is `input` with each step tag replaced by one `+` or `-` (and nothing else changed). */
function sameButTags(input: string, label: string): boolean {
  const parts = input.split(STEP_TAG);
  let at = 0;
  for (const [i, part] of parts.entries()) {
    if (!label.startsWith(part, at)) return false;
    at += part.length;
    if (i === parts.length - 1) break;
    const mark = label[at];
    if (mark !== "+" && mark !== "-") return false;
    at += 1;
  }
  return at === label.length;
}
