import { createServer, type AddressInfo } from "node:net";

/** A port the OS says is free on 127.0.0.1 now: a pid-based pick can land on another service (MariaDB's 3306). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
