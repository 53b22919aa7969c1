import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { TimeZoneSync } from "@/components/layout/time-zone-sync";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: "Bida", template: "%s · Bida" },
    description: t("description"),
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        {/* Inherits the locale, messages and time zone of lib/i18n/request.ts. */}
        <NextIntlClientProvider>
          <TimeZoneSync />
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
