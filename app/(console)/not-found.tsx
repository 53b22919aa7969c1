import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <EmptyState title="Not found" action={<LinkButton href="/overview">Back to the overview</LinkButton>}>
      The page or object you asked for does not exist, or was removed.
    </EmptyState>
  );
}
