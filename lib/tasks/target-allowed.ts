import type { ApiClient } from "../db/schema/api-clients";
import { literalTargetRefusal } from "../delivery/literal-target";
import { ApiError } from "../errors";

/** A target whose host is a denied IP literal (or a loopback name) is refused at submit with 422, naming the URL. */
export function assertTargetAllowed(client: Partial<Pick<ApiClient, "allowedTargetCidrs">>, url: string): void {
  const why = literalTargetRefusal(url, client.allowedTargetCidrs);
  if (why) throw new ApiError("validation_failed", "The target is not allowed.", [{ path: "url", message: why }]);
}
