/**
 * CPU time of the stack's processes, read from /proc (Linux): the gateway (the stack's own Node
 * process), the function (its Deno process) and PostgreSQL (the postmaster and every backend and
 * worker it forked). A benchmark samples before and after a measured window and divides by the
 * turns served, so the figure is CPU per turn per process, the load generator excluded (it runs in
 * another process and is reported apart, with what the rest of the machine used meanwhile).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of utime/stime in /proc (USER_HZ, almost always 100). */
const CLOCK_TICKS_PER_S = readClockTicks();
const MS_PER_S = 1_000;
const US_PER_MS = 1_000;

function readClockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

const ticksToMs = (ticks: number): number => (ticks / CLOCK_TICKS_PER_S) * MS_PER_S;

export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** Own user + system time, in ticks. */
  ownTicks: number;
  /** User + system time of children it has waited for (exited backends), in ticks. */
  reapedChildTicks: number;
}

/**
 * Parses /proc/<pid>/stat. The command name is in parentheses and may itself hold spaces or
 * parentheses, so fields are counted from the last ')'. Null when the process is gone.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(" ");
  // fields[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17; ppid is field 4.
  const at = (field: number): number => Number(fields[field - 3]);
  return {
    pid,
    ppid: at(4),
    comm: text.slice(open + 1, close),
    ownTicks: at(14) + at(15),
    reapedChildTicks: at(16) + at(17),
  };
}

export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

/** Every live process, for walking a process tree. */
function allProcesses(): ProcStat[] {
  const found: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat !== null) found.push(stat);
  }
  return found;
}

/** The direct children of `pid` among the live processes. */
export function childrenOf(pid: number): ProcStat[] {
  return allProcesses().filter((process) => process.ppid === pid);
}

/**
 * CPU time of one process, or of the whole tree under it: its own time, plus (for a tree) what
 * its exited children used (the kernel adds it once they are reaped, as PostgreSQL's postmaster
 * does for each backend) and, recursively, what its live descendants used so far. A backend that
 * lives through the window is counted live at both ends; one that exits in between moves from the
 * live sum to the reaped sum, so the difference of two samples stays right.
 */
export function processCpuMs(pid: number, tree: boolean, processes: readonly ProcStat[] = tree ? allProcesses() : []): number | null {
  const self = tree ? processes.find((p) => p.pid === pid) ?? null : readProcStat(pid);
  if (self === null) return null;
  if (!tree) return ticksToMs(self.ownTicks);
  let ticks = self.ownTicks + self.reapedChildTicks;
  const stack = processes.filter((p) => p.ppid === pid);
  while (stack.length > 0) {
    const child = stack.pop()!;
    ticks += child.ownTicks + child.reapedChildTicks;
    stack.push(...processes.filter((p) => p.ppid === child.pid));
  }
  return ticksToMs(ticks);
}

/** Busy time of the whole machine (all cores, everything but idle and iowait) from /proc/stat. */
export function machineBusyMs(text: string = readFileSync("/proc/stat", "utf8")): number {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (line === undefined) return Number.NaN;
  // user nice system idle iowait irq softirq steal: idle (3) and iowait (4) are not busy.
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return ticksToMs(ticks.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0));
}

/** A process (or process tree) whose CPU time a benchmark reports. */
export interface WatchedProcess {
  name: string;
  pid: number;
  /** Count the descendants too (PostgreSQL's backends). */
  tree: boolean;
}

export interface CpuSample {
  atMs: number;
  /** Per watched process; null when it was not running. */
  processes: Record<string, number | null>;
  /** This process (the load generator). */
  selfMs: number;
  machineBusyMs: number;
}

export function sampleCpu(watched: readonly WatchedProcess[]): CpuSample {
  const needsTree = watched.some((w) => w.tree);
  const processes = needsTree ? allProcesses() : [];
  const usage = process.cpuUsage();
  return {
    atMs: performance.now(),
    processes: Object.fromEntries(watched.map((w) => [w.name, processCpuMs(w.pid, w.tree, processes)])),
    selfMs: (usage.user + usage.system) / US_PER_MS,
    machineBusyMs: machineBusyMs(),
  };
}

export interface CpuUse {
  wallMs: number;
  /** CPU milliseconds per watched process over the window (null when unknown). */
  processes: Record<string, number | null>;
  loadGeneratorMs: number;
  /** What every other process on the machine used meanwhile (other engineers' work, the OS). */
  othersMs: number;
  /** The machine's busy time in the window, in cores (2.0 = both cores busy the whole time). */
  machineBusyCores: number;
}

export function cpuBetween(before: CpuSample, after: CpuSample): CpuUse {
  const processes: Record<string, number | null> = {};
  let ours = 0;
  for (const [name, start] of Object.entries(before.processes)) {
    const end = after.processes[name];
    const used = start === null || end === null || end === undefined ? null : end - start;
    processes[name] = used;
    ours += used ?? 0;
  }
  const wallMs = after.atMs - before.atMs;
  const loadGeneratorMs = after.selfMs - before.selfMs;
  const busy = after.machineBusyMs - before.machineBusyMs;
  return {
    wallMs,
    processes,
    loadGeneratorMs,
    othersMs: Math.max(0, busy - ours - loadGeneratorMs),
    machineBusyCores: wallMs > 0 ? busy / wallMs : Number.NaN,
  };
}
