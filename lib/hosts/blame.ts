import type { CallFailure } from "../delivery/describe-error";

/**
 * Which failed attempts point at the target host rather than at the task: only these count towards opening the
 * host's circuit. A host that answers at all — even 500, or a body the task did not expect — is up; a refusal by
 * Bida's own outbound policy or a request that cannot be built is the task's fault.
 */
export const hostFaultFailures: readonly CallFailure[] = ["connect", "timeout"];
export const hostFaultStatuses: readonly number[] = [429, 502, 503, 504];

export function blamesHost(outcome: { ok: boolean; statusCode: number | null; failure: CallFailure | null }): boolean {
  if (outcome.ok) return false;
  if (outcome.statusCode === null) return outcome.failure !== null && hostFaultFailures.includes(outcome.failure);
  return hostFaultStatuses.includes(outcome.statusCode);
}
