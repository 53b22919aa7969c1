import { Button, type ButtonVariant } from "@/components/ui/button";
import { signOutAction } from "@/lib/auth/sign-out-action";

export function SignOutButton({ variant = "secondary", className }: { variant?: ButtonVariant; className?: string }) {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant={variant} size="sm" className={className} data-testid="sign-out">
        Sign out
      </Button>
    </form>
  );
}
