import type { CallFailure } from "../delivery/describe-error";

/**
 * Which failed attempts point at the target host rather than at the task: only these count towards opening the
 * host's circuit. A host that answers at all — even 500, or a body the task did not expect — is up; a refusal by
 * Bida's own outbound policy or a request that cannot be built is the task's fault.
 */
export const hostFaultFailures: readonly CallFailure[] = ["connect", "timeout"];
export const hostFaultStatuses: readonly number[] = [429, 502, 503, 504];

/**
 * A timeout says something of the host only when the task gave it a fair time: one client's 100 ms timeout must not
 * open a circuit that every other client's calls to the host then wait behind.
 */
export const HOST_FAULT_MIN_TIMEOUT_MS = 1_000;

export function blamesHost(outcome: { ok: boolean; statusCode: number | null; failure: CallFailure | null; durationMs: number }): boolean {
  if (outcome.ok) return false;
  if (outcome.statusCode === null) {
    if (outcome.failure === "timeout" && outcome.durationMs < HOST_FAULT_MIN_TIMEOUT_MS) return false;
    return outcome.failure !== null && hostFaultFailures.includes(outcome.failure);
  }
  return hostFaultStatuses.includes(outcome.statusCode);
}
