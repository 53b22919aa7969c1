import { useTranslations } from "next-intl";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { signOutAction } from "@/lib/auth/sign-out-action";

export function SignOutButton({ variant = "secondary", className }: { variant?: ButtonVariant; className?: string }) {
  const t = useTranslations("layout");
  return (
    <form action={signOutAction}>
      <Button type="submit" variant={variant} size="sm" className={className} data-testid="sign-out">
        {t("signOut")}
      </Button>
    </form>
  );
}
