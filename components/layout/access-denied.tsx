import { useTranslations } from "next-intl";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { Role } from "@/lib/db/schema/users";

export function AccessDenied({ needed }: { needed: Role }) {
  const t = useTranslations("accessDenied");
  const roles = useTranslations("layout.roles");
  return (
    <div data-testid="access-denied">
      <EmptyState title={t("title")} action={<LinkButton href="/overview">{t("back")}</LinkButton>}>
        {t("body", { role: roles(needed) })}
      </EmptyState>
    </div>
  );
}
