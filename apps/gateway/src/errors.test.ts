import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { installErrorHandlers } from "./errors.ts";

/** What the pg driver throws: an Error carrying the server's SQLSTATE (or a socket errno name). */
const driverError = (code: string) => Object.assign(new Error("secret detail from the server"), { code });

async function answer(thrown: Error) {
  const app = Fastify();
  installErrorHandlers(app);
  app.get("/x", async () => {
    throw thrown;
  });
  const res = await app.inject({ method: "GET", url: "/x" });
  await app.close();
  return res;
}

describe("database failures that reach the error handler", () => {
  it("a lost connection or a server going down is a retryable 503, not a 500", async () => {
    for (const code of ["57P01", "ECONNREFUSED", "40P01"]) {
      const res = await answer(driverError(code));
      expect(res.statusCode, code).toBe(503);
      expect(res.json().error.code).toBe("UNAVAILABLE");
      expect(res.body).not.toContain("secret");
    }
  });

  it("a value the database refuses is the caller's 400", async () => {
    const res = await answer(driverError("22P05"));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("INVALID_ARGUMENT");
    expect(res.body).not.toContain("secret");
  });

  it("a bug stays a 500 without detail", async () => {
    const res = await answer(new TypeError("secret internals"));
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: "INTERNAL", message: "internal error" } });
  });
});
