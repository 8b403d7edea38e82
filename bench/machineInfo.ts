import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { getModuleVersion } from "node-llama-cpp";
import { loadLlama } from "../src-main/core/policy/loadLlama.js";

/** Where and with what the benchmark ran. */
export interface MachineInfo {
  cpu: string;
  logicalCores: number;
  /** Cores llama.cpp counts as good for math (physical cores): what thread defaults are derived from. */
  mathCores: number;
  ramGiB: number;
  os: string;
  versions: { node: string; nodeLlamaCpp: string; llamaCpp: string; onnxruntimeNode: string };
  /** llama.cpp's own summary of the CPU features its build uses. */
  llamaSystemInfo: string;
}

/** The 1, 5 and 15 minute load averages: other work on the machine, which makes absolute timings noisy. */
export function loadAverage(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = loadavg();
  return [a, b, c].map((x) => Math.round(x * 100) / 100) as [number, number, number];
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    if (pretty) return `${pretty} (${type()} ${release()})`;
  } catch {
    // Not Linux, or no os-release: the kernel name and release say enough.
  }
  return `${type()} ${release()}`;
}

export async function machineInfo(): Promise<MachineInfo> {
  const { llama } = await loadLlama("cpu");
  const ort = JSON.parse(
    readFileSync(new URL("../node_modules/onnxruntime-node/package.json", import.meta.url), "utf8"),
  );
  const release = llama.llamaCppRelease;
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    logicalCores: cpus().length,
    mathCores: llama.cpuMathCores,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    versions: {
      node: process.version,
      nodeLlamaCpp: await getModuleVersion(),
      llamaCpp: `${release.repo} ${release.release} (${llama.buildType})`,
      onnxruntimeNode: (ort as { version: string }).version,
    },
    llamaSystemInfo: llama.systemInfo.trim(),
  };
}
