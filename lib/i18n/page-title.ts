import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

/** A page's generateMetadata: its title from the catalogue ("titles.<key>"), in the viewer's language. */
export function pageTitle(key: string) {
  return async (): Promise<Metadata> => ({ title: (await getTranslations("titles"))(key) });
}
