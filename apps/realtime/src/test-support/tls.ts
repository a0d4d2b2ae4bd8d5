import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface TestCertificates {
  dir: string;
  /** The CA clients must trust (PEM). */
  ca: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * A throwaway CA and a server certificate for 127.0.0.1, ::1 and localhost,
 * made with openssl at test time (no key is ever committed).
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), "im-tls-"));
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=im test CA",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
  );
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    f("server.key"),
    "-out",
    f("server.csr"),
  );
  writeFileSync(f("ext.cnf"), "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n");
  openssl(
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    f("ext.cnf"),
    "-out",
    f("server.pem"),
  );
  return {
    dir,
    ca: readFileSync(f("ca.pem"), "utf8"),
    caFile: f("ca.pem"),
    certFile: f("server.pem"),
    keyFile: f("server.key"),
  };
}
