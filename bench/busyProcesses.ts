import { execFileSync } from "node:child_process";

/**
 * The other processes using the most CPU now (percent and command, cut short), so results say what the timings
 * shared the machine with. Empty where `ps` is unavailable.
 */
export function busyProcesses(top = 3): string[] {
  try {
    const out = execFileSync("ps", ["-eo", "pid=,pcpu=,args=", "--sort=-pcpu"], { encoding: "utf8" });
    return (
      out
        .split("\n")
        .map((l) => l.trim().split(/\s+/))
        // Not this process, the npm and tsx processes that started it, or ps itself.
        .filter(
          ([pid, cpu]) => pid !== undefined && ![process.pid, process.ppid].includes(Number(pid)) && Number(cpu) >= 5,
        )
        .filter(
          ([, , command, ...rest]) =>
            command !== "ps" && !/bench\/runBench|npm run bench/.test(`${command} ${rest.join(" ")}`),
        )
        .slice(0, top)
        .map(([, cpu, ...args]) => `${cpu}% ${args.join(" ").slice(0, 60)}`)
    );
  } catch {
    return [];
  }
}
