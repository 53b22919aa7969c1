import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TLSSocket } from "node:tls";

// Used by tests only: a private CA made with the openssl CLI, a server certificate for the name localhost only (a
// pass proves the name was checked, not the IP the connector dialled), a client certificate the CA signed, and a
// real HTTPS server that reports which client certificate it saw.

export interface TestPki {
  caPem: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A key that belongs to no certificate here. */
  strayKey: string;
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), "bida-pki-"));
  const f = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  try {
    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f("ca.key"), "-out", f("ca.pem"), "-days", "2", "-subj", "/CN=Bida Test CA");
    const leaf = (name: string, cn: string, ext: string) => {
      writeFileSync(f(`${name}.ext`), ext);
      ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f(`${name}.key`), "-out", f(`${name}.csr`), "-subj", `/CN=${cn}`);
      ssl("x509", "-req", "-in", f(`${name}.csr`), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-CAcreateserial", "-out", f(`${name}.pem`), "-days", "2", "-extfile", f(`${name}.ext`));
    };
    leaf("server", "localhost", "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n");
    leaf("client", "bida-client", "extendedKeyUsage=clientAuth\n");
    ssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", f("stray.key"));
    const read = (name: string) => readFileSync(f(name), "utf8");
    return { caPem: read("ca.pem"), serverCert: read("server.pem"), serverKey: read("server.key"), clientCert: read("client.pem"), clientKey: read("client.key"), strayKey: read("stray.key") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TlsReceiver {
  port: number;
  /** The client certificate's CN per request ("" without one), and whether it chained to the CA. */
  seen: Array<{ cn: string; authorized: boolean; url: string }>;
  close(): Promise<void>;
}

/** An HTTPS server with the PKI's server certificate; asks for a client certificate but answers without one too. */
export async function startTlsReceiver(pki: TestPki): Promise<TlsReceiver> {
  const seen: TlsReceiver["seen"] = [];
  const server: Server = createServer({ cert: pki.serverCert, key: pki.serverKey, ca: pki.caPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const socket = req.socket as TLSSocket;
    const cn = String(socket.getPeerCertificate()?.subject?.CN ?? "");
    seen.push({ cn, authorized: socket.authorized, url: req.url ?? "" });
    res.end(JSON.stringify({ cn }));
  });
  server.on("tlsClientError", () => {}); // a client that rejects our certificate must not crash the server
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
