import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { Role } from "@/lib/db/schema/users";

export function AccessDenied({ needed }: { needed: Role }) {
  return (
    <div data-testid="access-denied">
      <EmptyState title="You do not have access to this page" action={<LinkButton href="/overview">Back to the overview</LinkButton>}>
        It needs the {needed} role. Ask an admin if you should have it.
      </EmptyState>
    </div>
  );
}
