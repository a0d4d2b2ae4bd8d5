import { ImError } from "@im/core";
import type { Db } from "@im/db";
import { useTestDb } from "@im/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { withPrismaTransaction } from "../transaction.ts";
import { appendAudit } from "./audit-log.ts";
import {
  deleteSessionsOf,
  insertOperator,
  insertSession,
  listOperatorRows,
  lockOperatorRow,
  touchSession,
  updateOperator,
} from "./operator-store.ts";

const used = useTestDb();
let db: Db;

beforeAll(async () => {
  db = used.db;
});

const operator = (id: string, username = id) => ({ id, username, passwordHash: "hash", role: "admin" as const });
const entries = async (action: string) => db.prisma.auditEntry.count({ where: { action } });

describe("operator store on Prisma Client", () => {
  it("commits a change with its audit entry, or neither", async () => {
    await withPrismaTransaction(db.prisma, async (tx) => {
      await insertOperator(tx, operator("op-1"));
      await appendAudit(tx, { operatorId: "op-1", action: "test.create", target: "op-1" });
    });
    expect(await db.prisma.operator.count({ where: { id: "op-1" } })).toBe(1);
    expect(await entries("test.create")).toBe(1);

    const refused = new ImError("CONFLICT", "changed our mind");
    await expect(
      withPrismaTransaction(db.prisma, async (tx) => {
        await insertOperator(tx, operator("op-2"));
        await appendAudit(tx, { operatorId: "op-2", action: "test.refused", target: "op-2" });
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await db.prisma.operator.count({ where: { id: "op-2" } })).toBe(0);
    expect(await entries("test.refused")).toBe(0);
  });

  it("answers a taken username with undefined, leaving the transaction usable", async () => {
    const taken = await withPrismaTransaction(db.prisma, async (tx) => {
      const again = await insertOperator(tx, operator("op-3", "op-1"));
      await appendAudit(tx, { operatorId: "op-1", action: "test.after-conflict" });
      return again;
    });
    expect(taken).toBeUndefined();
    expect(await entries("test.after-conflict")).toBe(1);
  });

  it("keeps a session live only until it expires or its operator is disabled", async () => {
    const now = new Date();
    const later = new Date(now.getTime() + 60_000);
    await insertOperator(db.prisma, operator("op-4"));
    await insertSession(db.prisma, { id: "s-4", operatorId: "op-4", csrfToken: "t", createdAt: now, expiresAt: later });
    expect(await touchSession(db.prisma, "s-4", now)).toMatchObject({ id: "op-4", csrfToken: "t" });
    expect(await touchSession(db.prisma, "s-4", later)).toBeUndefined();
    await updateOperator(db.prisma, "op-4", { disabledAt: now });
    expect(await touchSession(db.prisma, "s-4", now)).toBeUndefined();
    expect(await deleteSessionsOf(db.prisma, "op-4")).toBe(1);
  });

  it("lists operators with their latest session or audited action", async () => {
    const rows = await listOperatorRows(db.prisma);
    expect(rows.map((r) => r.username)).toEqual(["op-1", "op-4"]);
    expect(rows[0]?.lastSeenAt).toBeInstanceOf(Date);
    expect(await lockOperatorRow(db.prisma, "nobody")).toBeUndefined();
  });
});
