import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The worker's own metrics: what it delivered, how long calls took, how well group commit batches. */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "bida_worker_" });
  return {
    registry,
    attempts: new Counter({
      name: "bida_attempts_total",
      help: "Attempts recorded, by result (succeeded, retrying, failed) of the task after the attempt",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    callDuration: new Histogram({
      name: "bida_call_duration_seconds",
      help: "Duration of outbound calls to targets",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    deferrals: new Counter({
      name: "bida_deferrals_total",
      help: "Attempts held back at their host's gate, by reason (cap, open circuit, paused); no attempt is spent",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    circuitChanges: new Counter({
      name: "bida_circuit_changes_total",
      help: "Circuit breaker changes this worker made, by host and change (opened, reopened, closed)",
      labelNames: ["host", "change"] as const,
      registers: [registry],
    }),
    // The circuit's state itself is the web's bida_host_circuit_state, read from Redis: a per-worker gauge set on
    // the changes this worker made stayed 1 after another worker closed the circuit.
    alertSends: new Counter({
      name: "bida_alert_sends_total",
      help: "Alert messages sent to channels (task alerts and summaries), by channel kind and result (sent, failed); each try counts",
      labelNames: ["kind", "result"] as const,
      registers: [registry],
    }),
    // Summed over the workers, one per SWEEP_INTERVAL_MS: it shows which worker holds the sweeper's lock.
    sweeps: new Counter({
      name: "bida_sweeps_total",
      help: "Sweeps this worker ran (one worker per interval, elected with a Redis lock)",
      registers: [registry],
    }),
    commitBatch: new Histogram({
      name: "bida_commit_batch_size",
      help: "Attempts written per group-commit transaction",
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
      registers: [registry],
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
