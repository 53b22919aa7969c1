import { getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { pageTitle } from "@/lib/i18n/page-title";

export const generateMetadata = pageTitle("notFound");

// A URL no route matches, outside the console's layout: the console's own page in the viewer's language, not
// Next's English default. Inside the console, app/(console)/not-found.tsx answers for objects that do not exist.
export default async function RootNotFound() {
  const t = await getTranslations("notFound");
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-md rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <EmptyState title={<span role="heading" aria-level={1}>{t("title")}</span>} action={<LinkButton href="/overview">{t("back")}</LinkButton>}>
          {t("body")}
        </EmptyState>
      </div>
    </main>
  );
}
