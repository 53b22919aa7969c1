import { useTranslations } from "next-intl";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  const t = useTranslations("notFound");
  return (
    <EmptyState title={t("title")} action={<LinkButton href="/overview">{t("back")}</LinkButton>}>
      {t("body")}
    </EmptyState>
  );
}
