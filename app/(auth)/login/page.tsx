import type { Metadata } from "next";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <>
      <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 mb-5 text-sm text-slate-500">Use your console account.</p>
      <LoginForm callbackUrl={callbackUrl ?? ""} />
    </>
  );
}
