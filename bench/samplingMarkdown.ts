import { formatTable } from "./formatTable.js";
import type { PairedComparison } from "./chooseSampling.js";
import { BASELINE_LABEL } from "./samplingGrid.js";
import type { SamplingResults } from "./SamplingResults.js";

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;
const paired = (c: PairedComparison) =>
  `+${c.wins} / −${c.losses} (p ${c.pValue < 0.001 ? "< 0.001" : c.pValue.toFixed(2)})`;

/**
 * docs/sampling.md from the results file: the chosen defaults and the rule first, then every setting's figures.
 * Every number in it is read from `results`; the prose around them states only what does not change between runs
 * (where node-llama-cpp's defaults come from, how each truncation is switched off).
 */
export function samplingMarkdown(results: SamplingResults, jsonPath: string): string {
  const { settings: s, greedy, cells } = results;
  const n = s.n;
  const chosen = cells.find((c) => c.setting.label === results.choice.chosen);
  const baseline = cells.find((c) => c.setting.label === BASELINE_LABEL);
  const implicit = results.nodeLlamaCppImplicit;
  const subset =
    s.problems === s.setSize
      ? `the whole dev split (${s.problems} problems)`
      : `the first ${s.problems} of the dev split's ${s.setSize} problems`;
  const lines: string[] = ["# Sampling defaults", ""];
  if (chosen) {
    const c = chosen.setting;
    lines.push(
      `**Chosen defaults: temperature ${c.temperature}, top-k ${c.topK}${c.topK === 0 ? " (off)" : ""}, ` +
        `top-p ${c.topP}${c.topP === 1 ? " (off)" : ""}, min-p ${c.minP}${c.minP === 0 ? " (off)" : ""}** ` +
        `(\`${c.label}\`): self-consistency@${n} ${pct(chosen.majorityAccuracy)}, pass@${n} ${pct(chosen.passAtN)}, ` +
        `${chosen.meanDistinctAnswers.toFixed(2)} distinct answers per ${n} samples, on ${subset}.`,
      "",
      `**Rule:** ${results.choice.rule}.`,
      "",
    );
    if (baseline && baseline !== chosen)
      lines.push(
        `Against the baseline (node-llama-cpp's implicit top-k ${implicit.topK} / top-p ${implicit.topP} at ` +
          `temperature 0.8, what Mull sampled with until now) the chosen setting's majority answer is right on ` +
          `${chosen.vsBaseline.wins} problems where the baseline's is wrong and wrong on ${chosen.vsBaseline.losses} ` +
          `where it is right (exact two-sided sign test p = ${chosen.vsBaseline.pValue.toFixed(2)}).`,
        "",
      );
    const others = cells.filter((c) => c !== baseline);
    const clearest = others.reduce<(typeof cells)[number] | undefined>(
      (top, c) => (top === undefined || c.vsBaseline.pValue < top.vsBaseline.pValue ? c : top),
      undefined,
    );
    const significant = others.filter((c) => c.vsBaseline.pValue < 0.05);
    if (baseline && clearest)
      lines.push(
        significant.length === 0
          ? `No setting's self-consistency@${n} differs from the baseline's at p < 0.05 (the smallest p is ` +
              `${clearest.vsBaseline.pValue.toFixed(2)}, \`${clearest.setting.label}\`): on ${s.problems} problems ` +
              "the settings are within sampling noise of each other, and the rule's choice among them is a choice " +
              "among equals."
          : `${significant.length} of ${others.length} settings differ from the baseline at p < 0.05: ` +
              significant.map((c) => `\`${c.setting.label}\` (${paired(c.vsBaseline)})`).join(", ") +
              ".",
        "",
      );
    lines.push(
      `Greedy (temperature 0) solves ${greedy.correct}/${greedy.problems} (${pct(greedy.accuracy)}); ` +
        `the chosen setting's self-consistency@${n} is right on ${chosen.vsGreedy.wins} problems greedy misses and ` +
        `wrong on ${chosen.vsGreedy.losses} greedy solves (p = ${chosen.vsGreedy.pValue.toFixed(2)}).`,
      "",
    );
  } else {
    lines.push(`_The run is not complete: ${cells.length} settings measured so far; nothing chosen yet._`, "");
  }
  lines.push(
    "## Why this is measured",
    "",
    `node-llama-cpp 3.22 samples with top-k ${implicit.topK} and top-p ${implicit.topP} whenever a call leaves ` +
      "them undefined: `LlamaContextSequence.evaluateWithMetadata` destructures `topK = 40, topP = 0.95, minP = 0` " +
      "(node_modules/node-llama-cpp/dist/evaluator/LlamaContext/LlamaContext.js line 1206, again in " +
      "`_resolveSamplerConfig` at line 1916). Mull used to pass only the temperature, so every sampled strategy " +
      "truncated with these values without showing them; now every search passes all four (the search-parameter " +
      "table, `src-main/core/search/searchParameters.ts`). Each truncation is off at: top-k `0` (k ≤ 0 means the whole " +
      "vocabulary, as in node-llama-cpp's AddonSampler.cpp line 360), top-p `1`, min-p `0`.",
    "",
    "Mull draws tokens itself (`src-main/core/policy/TokenSampler.ts`, so it can report the model's own " +
      "log-probability of each token) with llama.cpp's chain order, top-k → top-p → min-p → temperature → draw " +
      "(node-llama-cpp's AddonSampler.cpp, `rebuildChainIfNeeded`), so top-p and min-p cut the model's distribution _before_ temperature reshapes it: top-p 0.95 at temperature " +
      "0.8 keeps the tokens covering 95% of the untempered probability. (Hugging Face's `generate` applies " +
      "temperature first; the same numbers mean different things there.)",
    "",
    "## How it was measured",
    "",
    `\`npx tsx bench/samplingDefaults.ts\` ran self-consistency (\`runSearch("self-consistency")\`, n = ${n}, ` +
      `majority vote; Wang et al. 2023) with each setting on ${subset}, with \`${s.policy}\` on ${s.threads} ` +
      `thread and ${s.sequences} sequences (a problem's ${n} chains decode as one batch), max depth ${s.maxDepth} ` +
      `steps (the profile's maxSteps). Seeds: ${s.seeds}, so each problem's samples start from the same seeds in every setting and the settings are compared problem by problem. Answers are ` +
      "graded by Mull's answer checker (`answersMatch`). " +
      `Run ${results.generatedAt.slice(0, 16).replace("T", " ")} UTC, ${results.durationSeconds} s in all, ` +
      `on ${results.machine.cpu} (${results.machine.logicalCores} cores, shared; load average ` +
      `${results.contention.loadAverageAtStart.join(" ")} → ${results.contention.loadAverageAtEnd.join(" ")}). ` +
      `Figures: [\`${jsonPath}\`](../${jsonPath}).`,
    "",
    `- **SC@${n}**: the majority answer of ${n} samples is right (self-consistency's accuracy).`,
    `- **pass@${n}**: at least one of the ${n} samples is right (what a perfect verifier could pick).`,
    `- **distinct**: different answers among the samples that answered, grouped as the vote groups them (mean per ` +
      `problem; 1 = every sample agrees).`,
    "- **no answer**: share of samples that ended without an answer line (EOS, step or depth limit).",
    "- **tokens**: generated tokens per sample.",
    "- **vs baseline**: problems this setting's majority gets right and the baseline's wrong (+), and the reverse " +
      "(−), with the exact two-sided sign test's p (McNemar's test, exact form).",
    "",
    formatTable(
      [
        "setting",
        "T",
        "top-k",
        "top-p",
        "min-p",
        `SC@${n}`,
        `pass@${n}`,
        "distinct",
        "no answer",
        "tokens",
        "vs baseline",
        "s",
      ],
      [
        [
          "greedy (reference)",
          "0",
          "—",
          "—",
          "—",
          pct(greedy.accuracy),
          "—",
          "—",
          pct(greedy.noAnswerShare, 2),
          greedy.meanGeneratedTokens.toFixed(2),
          "—",
          greedy.seconds.toFixed(0),
        ],
        ...cells.map((c) => [
          c === chosen ? `**${c.setting.label}** (chosen)` : c.setting.label,
          String(c.setting.temperature),
          c.setting.topK === 0 ? "off" : String(c.setting.topK),
          c.setting.topP === 1 ? "off" : String(c.setting.topP),
          c.setting.minP === 0 ? "off" : String(c.setting.minP),
          pct(c.majorityAccuracy),
          pct(c.passAtN),
          c.meanDistinctAnswers.toFixed(2),
          pct(c.noAnswerShare, 2),
          c.meanGeneratedTokensPerSample.toFixed(2),
          c.setting.label === BASELINE_LABEL ? "(baseline)" : paired(c.vsBaseline),
          c.seconds.toFixed(0),
        ]),
      ],
    ),
    "",
    `Rerun: \`npx tsx bench/samplingDefaults.ts\` (flags: \`--limit N\` first N dev problems, \`--n N\` samples, ` +
      "`--only LABEL,...` some settings, `--resume` keep settings already in the results file, `--report-only` " +
      "rewrite this page from the results file). The grid is `SAMPLING_GRID` in bench/samplingGrid.ts.",
    "",
  );
  return lines.join("\n");
}
