import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BrandMark } from "@/components/layout/brand-mark";
import { CollapsibleNav } from "@/components/layout/collapsible-nav";
import { GlobalSearch } from "@/components/layout/global-search";
import { KeyboardShortcuts } from "@/components/layout/keyboard-shortcuts";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { SidebarNav } from "@/components/layout/sidebar-nav";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { AccountLink } from "@/components/layout/account-link";
import { LiveIndicator } from "@/components/live/live-indicator";
import { StaleNotice } from "@/components/live/stale-notice";
import { Badge } from "@/components/ui/badge";
import { requirePageUser } from "@/lib/auth/require-user";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const t = await getTranslations("layout");
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        {t("skipToContent")}
      </a>
      <aside className="flex shrink-0 flex-col border-b border-slate-200 bg-white md:sticky md:top-0 md:h-screen md:w-60 md:border-r md:border-b-0">
        <div className="flex h-14 items-center justify-between gap-2 border-b border-slate-100 px-4">
          <Link href="/overview" className="flex items-center gap-2 rounded">
            <BrandMark />
            <span className="text-base font-semibold tracking-tight" translate="no" data-i18n-exempt>
              Bida
            </span>
          </Link>
          <LiveIndicator />
        </div>
        <CollapsibleNav label={t("menu")} closeLabel={t("closeMenu")}>
        <GlobalSearch />
        <SidebarNav role={user.role} />
        <div className="border-t border-slate-100 px-4 py-3">
          <div className="flex items-center justify-between gap-2">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-slate-900" data-testid="current-user" data-i18n-exempt>
                {user.username}
              </p>
              <Badge tone={user.role === "admin" ? "violet" : user.role === "operator" ? "indigo" : "gray"} className="mt-0.5">
                {t(`roles.${user.role}`)}
              </Badge>
            </div>
            <SignOutButton variant="ghost" />
          </div>
          <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
            <AccountLink>{t("account")}</AccountLink>
            <LanguageSwitch />
          </div>
        </div>
        </CollapsibleNav>
      </aside>
      <main id="content" className="min-w-0 flex-1 px-4 py-6 md:px-8">
        <div className="mx-auto max-w-[1400px]">
          <StaleNotice />
          <KeyboardShortcuts />
          {children}
        </div>
      </main>
    </div>
  );
}
