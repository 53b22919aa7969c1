import { ApiError } from "../errors";
import { logger } from "../logger";
import { cidrMatcher, type IpMatcher } from "../net/cidr-list";

/** A caller outside its client's allow-list: 403 on the native API, a bare 403 on the kkbida protocol. */
export class CallerRefusedError extends ApiError {
  constructor(caller: string | null) {
    super("forbidden", `Calls from ${caller ?? "an address the server could not determine"} are not allowed for this API client.`);
  }
}

export const anyCaller: IpMatcher = () => true;
const noCaller: IpMatcher = () => false;

/** The matcher of a client's allowed_caller_cidrs; null or an empty list admits every caller. */
export function callerMatcher(clientName: string, cidrs: string[] | null): IpMatcher {
  if (!cidrs || cidrs.length === 0) return anyCaller;
  try {
    return cidrMatcher(cidrs);
  } catch (err) {
    // The console and the cli validate before they store; a list broken some other way admits nobody.
    logger.error({ client: clientName, err: (err as Error).message }, "stored caller allow-list is not valid; refusing every caller");
    return noCaller;
  }
}
