import type { Metadata } from "next";
import Link from "next/link";
import { AccessDenied } from "@/components/layout/access-denied";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { ChannelForm } from "../_components/channel-form";

export const metadata: Metadata = { title: "Add alert channel" };

export default async function NewChannelPage() {
  const user = await requirePageUser();
  if (!hasRole(user.role, "operator")) return <AccessDenied needed="operator" />;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/channels" className="rounded hover:text-slate-800">Alert channels</Link> <span aria-hidden="true">/</span> New
      </nav>
      <PageHeader title="Add alert channel" description="After saving, use “Send test” to check that the group receives it." />
      <div className="max-w-4xl">
        <ChannelForm />
      </div>
    </>
  );
}
