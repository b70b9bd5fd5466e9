/**
 * A measured window: CPU of each stack process and the gateway's RPC counters read before and
 * after the body runs, so a benchmark can divide both by the turns it served.
 */
import { loadavg } from "node:os";
import { cpuBetween, sampleCpu, type CpuUse } from "./cpu.ts";
import type { MachineLoad } from "./results.ts";
import { readRpcCalls, rpcCallsBetween, totalCalls, type RpcCalls } from "./rpc-calls.ts";
import type { BenchTarget } from "./stack-target.ts";

export interface Measured<T> {
  value: T;
  cpu: CpuUse;
  /** RPCs served in the window, by name; null when the gateway keeps no counters. */
  rpc: RpcCalls | null;
}

export async function measure<T>(target: BenchTarget, body: () => Promise<T>): Promise<Measured<T>> {
  const rpcBefore = await readRpcCalls(target.supabaseUrl);
  const cpuBefore = sampleCpu(target.processes.watched);
  const value = await body();
  const cpuAfter = sampleCpu(target.processes.watched);
  const rpcAfter = await readRpcCalls(target.supabaseUrl);
  return {
    value,
    cpu: cpuBetween(cpuBefore, cpuAfter),
    rpc: rpcBefore === null || rpcAfter === null ? null : rpcCallsBetween(rpcBefore, rpcAfter),
  };
}

/** CPU milliseconds per turn of each stack process and their sum ("stack"), the load generator apart. */
export function cpuPerTurn(cpu: CpuUse, turns: number): Record<string, number | null> {
  const per: Record<string, number | null> = {};
  let stack = 0;
  let known = true;
  for (const [name, ms] of Object.entries(cpu.processes)) {
    per[name] = ms === null || turns === 0 ? null : ms / turns;
    if (ms === null) known = false;
    else stack += ms;
  }
  per.stack = known && turns > 0 && Object.keys(cpu.processes).length > 0 ? stack / turns : null;
  per.loadGenerator = turns > 0 ? cpu.loadGeneratorMs / turns : null;
  return per;
}

export function rpcPerTurn(rpc: RpcCalls | null, turns: number): number | null {
  return rpc === null || turns === 0 ? null : totalCalls(rpc) / turns;
}

export function machineLoad(cpu: CpuUse): MachineLoad {
  return {
    busyCores: cpu.machineBusyCores,
    othersCores: cpu.wallMs > 0 ? cpu.othersMs / cpu.wallMs : Number.NaN,
    loadAverage1m: loadavg()[0] ?? Number.NaN,
  };
}

/** Combines the load of several windows (time-weighted), for a scenario made of several runs. */
export function combinedLoad(cpus: readonly CpuUse[]): MachineLoad | null {
  const wall = cpus.reduce((sum, c) => sum + c.wallMs, 0);
  if (wall === 0) return null;
  const busy = cpus.reduce((sum, c) => sum + c.machineBusyCores * c.wallMs, 0);
  const others = cpus.reduce((sum, c) => sum + c.othersMs, 0);
  return { busyCores: busy / wall, othersCores: others / wall, loadAverage1m: loadavg()[0] ?? Number.NaN };
}
