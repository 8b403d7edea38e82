/** How a step score is read from a PRM's output, per format, with token ids already resolved. */
export type StepScoreRead =
  /** [batch, seq] (or [.., 1]) already in [0,1]. */
  | { format: "token-score" }
  /** [batch, seq] (or [.., 1]) scalar value, optionally squashed by a sigmoid. */
  | { format: "value-head"; sigmoid: boolean }
  /** [batch, seq, vocab] LM logits: P(+) of the softmax over just the + and - logits. */
  | { format: "step-tag"; positiveId: number; negativeId: number }
  /** [batch, seq, classes] logits: the softmax probability of one class. */
  | { format: "separator-2class"; classIndex: number };

/**
 * The scores of one row of a batched PRM output at the given token positions. `data` is the output tensor,
 * row-major with shape `dims`. Throws a RangeError saying what is wrong when the output's shape cannot hold the
 * format (a profile paired with the wrong model).
 */
export function readStepScores(
  read: StepScoreRead,
  data: Float32Array,
  dims: readonly number[],
  row: number,
  positions: readonly number[],
): number[] {
  const [, seq = 0, width = 1] = dims;
  if (dims.length < 2 || dims.length > 3) throw new RangeError(`has shape [${dims.join(", ")}], expected rank 2 or 3`);
  const at = (p: number, j: number) => data[(row * seq + p) * width + j] as number;
  switch (read.format) {
    case "token-score":
    case "value-head": {
      if (width !== 1) throw new RangeError(`has shape [${dims.join(", ")}], expected [batch, seq] or [batch, seq, 1]`);
      const squash = read.format === "value-head" && read.sigmoid;
      return positions.map((p) => (squash ? sigmoid(at(p, 0)) : at(p, 0)));
    }
    case "step-tag": {
      const needed = Math.max(read.positiveId, read.negativeId) + 1;
      if (dims.length !== 3 || width < needed)
        throw new RangeError(`has shape [${dims.join(", ")}], expected [batch, seq, vocab ≥ ${needed}] logits`);
      // softmax([pos, neg])[0], written so that large logits cannot overflow.
      return positions.map((p) => sigmoid(at(p, read.positiveId) - at(p, read.negativeId)));
    }
    case "separator-2class": {
      if (dims.length !== 3 || width <= read.classIndex || width < 2)
        throw new RangeError(`has shape [${dims.join(", ")}], expected [batch, seq, classes > ${read.classIndex}]`);
      return positions.map((p) => {
        const logits = Array.from({ length: width }, (_, j) => at(p, j));
        const max = Math.max(...logits);
        const exps = logits.map((l) => Math.exp(l - max));
        return (exps[read.classIndex] as number) / exps.reduce((a, b) => a + b, 0);
      });
    }
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
