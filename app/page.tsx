import { redirect } from "next/navigation";

// The console's home is the overview; the proxy has already sent signed-out visitors to the login.
export default function Home() {
  redirect("/overview");
}
