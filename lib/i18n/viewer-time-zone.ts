import { cookies } from "next/headers";
import { timeZoneCookie, validTimeZone } from "./locales";

/** The zone the viewer's browser reported (its cookie), else UTC: the one zone the console shows times in. */
export async function viewerTimeZone(): Promise<string> {
  return validTimeZone((await cookies()).get(timeZoneCookie)?.value) ?? "UTC";
}
