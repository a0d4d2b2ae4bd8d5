import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "./client.ts";
import { MIGRATIONS_DIR, MigrationError, migrate } from "./migrate.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

const PRISMA_DIR = fileURLToPath(new URL("..", import.meta.url));

interface RuntimeField {
  name: string;
  kind: string;
  type: string;
  dbName?: string | null;
}
interface RuntimeModel {
  dbName: string | null;
  fields: RuntimeField[];
}
type RuntimeDataModel = { models: Record<string, RuntimeModel> };

interface DbColumn {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: "YES" | "NO";
}

/** model → field → how schema.prisma declares it; the runtime data model does not carry optionality. */
type FieldShapes = Map<string, Map<string, "required" | "optional" | "list">>;

function parseFieldShapes(schema: string): FieldShapes {
  const shapes: FieldShapes = new Map();
  let current: Map<string, "required" | "optional" | "list"> | null = null;
  for (const line of schema.split("\n")) {
    const model = /^model (\w+) \{/.exec(line);
    if (model) {
      current = new Map();
      shapes.set(model[1] as string, current);
      continue;
    }
    if (/^\}/.test(line)) current = null;
    const field = current && /^\s+(\w+)\s+\w+(\[\])?(\?)?/.exec(line);
    if (current && field) current.set(field[1] as string, field[2] ? "list" : field[3] ? "optional" : "required");
  }
  return shapes;
}

/** Column types (pg udt names) each Prisma scalar type may map to; `_x` is a list of x. */
const COMPATIBLE: Record<string, string[]> = {
  String: ["text", "varchar", "bpchar", "uuid", "_text", "_varchar"],
  Int: ["int4", "int2", "_int4"],
  BigInt: ["int8", "_int8"],
  Boolean: ["bool"],
  DateTime: ["timestamptz", "timestamp", "date"],
  Json: ["jsonb", "json"],
  Float: ["float8", "float4"],
  Decimal: ["numeric"],
  Bytes: ["bytea"],
};

/** Every difference between the client's data model and the live tables, as readable lines. */
function diffModel(model: RuntimeDataModel, shapes: FieldShapes, columns: DbColumn[]): string[] {
  const live = new Map<string, Map<string, DbColumn>>();
  for (const c of columns) {
    if (c.table_name === "_prisma_migrations") continue;
    const table = live.get(c.table_name) ?? new Map<string, DbColumn>();
    live.set(c.table_name, table);
    table.set(c.column_name, c);
  }
  const problems: string[] = [];
  const modelled = new Set<string>();
  for (const [name, m] of Object.entries(model.models)) {
    const tableName = m.dbName ?? name;
    modelled.add(tableName);
    const table = live.get(tableName);
    if (!table) {
      problems.push(`model ${name}: table ${tableName} missing in the database`);
      continue;
    }
    const fieldColumns = new Set<string>();
    for (const f of m.fields) {
      if (f.kind !== "scalar" && f.kind !== "enum") continue;
      const column = f.dbName ?? f.name;
      fieldColumns.add(column);
      const live = table.get(column);
      if (live === undefined) {
        problems.push(`${name}.${f.name}: column ${tableName}.${column} missing in the database`);
        continue;
      }
      if (f.kind === "scalar" && !COMPATIBLE[f.type]?.includes(live.udt_name))
        problems.push(`${name}.${f.name}: ${f.type} field but column ${tableName}.${column} is ${live.udt_name}`);
      const shape = shapes.get(name)?.get(f.name);
      if (shape === undefined) problems.push(`${name}.${f.name}: not found in schema.prisma`);
      else if (shape !== "list" && (shape === "optional") !== (live.is_nullable === "YES"))
        problems.push(
          `${name}.${f.name}: ${shape} field but column ${tableName}.${column} is_nullable=${live.is_nullable}`,
        );
    }
    for (const column of table.keys()) {
      if (!fieldColumns.has(column)) problems.push(`${tableName}.${column}: column not in the Prisma model ${name}`);
    }
  }
  for (const table of live.keys()) {
    if (!modelled.has(table)) problems.push(`table ${table}: not in the Prisma schema`);
  }
  return problems.sort();
}

async function liveColumns(url: string): Promise<DbColumn[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<DbColumn>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function migrationNames(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

describe("schema and migrations", () => {
  let testDb: TestDatabase;
  let runtimeModel: RuntimeDataModel;
  let shapes: FieldShapes;

  beforeAll(async () => {
    shapes = parseFieldShapes(await readFile(path.join(PRISMA_DIR, "schema.prisma"), "utf8"));
    testDb = await createTestDatabase({ migrate: false });
    const db = createDb(testDb.url);
    // Prisma 7 keeps the runtime data model (models, fields, db names) on the client instance.
    runtimeModel = (db.prisma as unknown as { _runtimeDataModel: RuntimeDataModel })._runtimeDataModel;
    await db.close();
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("migrates a fresh database to exactly the generated client's tables and columns", async () => {
    const result = await migrate(testDb.url);
    expect(result.applied).toEqual(await migrationNames());
    expect(result.applied.length).toBeGreaterThan(0);

    expect(Object.keys(runtimeModel?.models ?? {}).length).toBeGreaterThanOrEqual(12);
    const columns = await liveColumns(testDb.url);
    expect(diffModel(runtimeModel, shapes, columns)).toEqual([]);
  });

  it("reports a schema column that no migration created", async () => {
    const columns = await liveColumns(testDb.url);
    const withExtra: RuntimeDataModel = structuredClone(runtimeModel);
    withExtra.models.Message?.fields.push({ name: "editedAt", kind: "scalar", type: "DateTime", dbName: "edited_at" });
    expect(diffModel(withExtra, shapes, columns)).toEqual([
      "Message.editedAt: column messages.edited_at missing in the database",
    ]);
    const withoutTable = columns.filter((c) => c.table_name !== "org_members");
    expect(diffModel(runtimeModel, shapes, withoutTable)).toEqual([
      "model OrgMember: table org_members missing in the database",
    ]);
    const nullableContent = columns.map((c) =>
      c.table_name === "messages" && c.column_name === "content" ? { ...c, is_nullable: "YES" as const } : c,
    );
    expect(diffModel(runtimeModel, shapes, nullableContent)).toEqual([
      "Message.content: required field but column messages.content is_nullable=YES",
    ]);
  });

  it("has a generated client built from the current schema.prisma", async () => {
    const schema = await readFile(path.join(PRISMA_DIR, "schema.prisma"), "utf8");
    const generated = await readFile(path.join(PRISMA_DIR, "generated/internal/class.ts"), "utf8");
    const match = /"inlineSchema": ("(?:[^"\\]|\\.)*")/.exec(generated);
    expect(match, "inlineSchema not found in the generated client").not.toBeNull();
    // Prisma embeds the schema as `prisma format` would align it: compare without the alignment.
    const normalize = (text: string) =>
      text
        .replace(/[ \t]+/g, " ")
        .replace(/ $/gm, "")
        .trim();
    expect(normalize(JSON.parse(match?.[1] ?? '""')), "run `npm run gen -w @im/db` after editing schema.prisma").toBe(
      normalize(schema),
    );
  });

  it("records applied migrations in _prisma_migrations as Prisma does, and skips them next time", async () => {
    const again = await migrate(testDb.url);
    expect(again.applied).toEqual([]);
    expect(again.skipped).toEqual(await migrationNames());

    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
         FROM _prisma_migrations ORDER BY migration_name`,
      );
      const names = await migrationNames();
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      for (const row of rows) {
        const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
        expect(row.rolled_back_at).toBeNull();
        expect(row.logs).toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
      const { rows: cols } = await client.query(
        `SELECT column_name, data_type, character_maximum_length FROM information_schema.columns
         WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(cols.map((c) => [c.column_name, c.data_type, c.character_maximum_length])).toEqual([
        ["id", "character varying", 36],
        ["checksum", "character varying", 64],
        ["finished_at", "timestamp with time zone", null],
        ["migration_name", "character varying", 255],
        ["logs", "text", null],
        ["rolled_back_at", "timestamp with time zone", null],
        ["started_at", "timestamp with time zone", null],
        ["applied_steps_count", "integer", null],
      ]);
    } finally {
      await client.end();
    }
  });
});

describe("migration runner", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  async function freshDb(): Promise<TestDatabase> {
    const db = await createTestDatabase({ migrate: false });
    cleanups.push(() => db.drop());
    return db;
  }

  async function copyMigrations(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "im-migrations-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    return dir;
  }

  it("applies each migration once when several processes start together", async () => {
    const db = await freshDb();
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url), migrate(db.url)]);
    const names = await migrationNames();
    expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query("SELECT count(*)::int AS n FROM _prisma_migrations");
    await client.end();
    expect(rows[0].n).toBe(names.length);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const db = await freshDb();
    const dir = await copyMigrations();
    await migrate(db.url, { migrationsDir: dir });
    const [first] = await migrationNames();
    const file = path.join(dir, first ?? "", "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited\n`);
    const run = migrate(db.url, { migrationsDir: dir });
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(/modified after it was applied/);
  });

  it("rolls a failing migration back entirely and records nothing for it", async () => {
    const db = await freshDb();
    const dir = await copyMigrations();
    await mkdir(path.join(dir, "99990101000000_broken"));
    await writeFile(
      path.join(dir, "99990101000000_broken", "migration.sql"),
      'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n',
    );
    await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(/99990101000000_broken failed/);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT migration_name FROM _prisma_migrations ORDER BY 1");
      expect(rows.map((r) => r.migration_name)).toEqual(await migrationNames());
      const { rows: tables } = await client.query("SELECT to_regclass('half_done') AS t");
      expect(tables[0].t).toBeNull();
    } finally {
      await client.end();
    }
  });
});
