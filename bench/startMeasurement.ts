import { busyProcesses } from "./busyProcesses.js";
import { loadAverage, machineInfo, type MachineInfo } from "./machineInfo.js";

/** What else was running while a measurement ran: load averages and the busiest processes, at start and end. */
export interface Contention {
  loadAverageAtStart: [number, number, number];
  loadAverageAtEnd: [number, number, number];
  busyProcessesAtStart: string[];
  busyProcessesAtEnd: string[];
}

/** A measurement under way: when it started, on what machine, and how to read the contention so far. */
export interface Measurement {
  /** performance.now() at the start. */
  started: number;
  /** ISO 8601, UTC. */
  startedAt: string;
  machine: MachineInfo;
  /** The machine's load at the start and now: every figure a measurement reports carries it. */
  contention(): Contention;
}

/**
 * Starts a measurement (npm run bench, bench/samplingDefaults.ts): records the time, the machine and what else is
 * running, and says the machine and load on stderr so a person sees what the figures will be measured under.
 */
export async function startMeasurement(): Promise<Measurement> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverage();
  const busyAtStart = busyProcesses();
  const machine = await machineInfo();
  console.error(`machine: ${machine.cpu}, ${machine.logicalCores} cores, load ${loadAtStart.join(" ")}`);
  return {
    started,
    startedAt,
    machine,
    contention: () => ({
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage(),
      busyProcessesAtStart: busyAtStart,
      busyProcessesAtEnd: busyProcesses(),
    }),
  };
}
