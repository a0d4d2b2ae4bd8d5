/**
 * Operators of the console, from the command line:
 *   tsx apps/gateway/src/admin-cli.ts create-operator --username ann --password '<12+ chars>' --role admin|viewer
 *   printf %s "$PASSWORD" | tsx apps/gateway/src/admin-cli.ts create-operator --username ann --password-stdin --role admin
 * Uses DATABASE_URL. The password is stored only as an argon2id hash; --password-stdin keeps it out of
 * the process list and shell history.
 */
import { parseArgs } from "node:util";
import { ImError } from "@im/core";
import pg from "pg";
import { createOperator, type OperatorRole } from "./admin/index.ts";
import { NO_DATABASE_URL, toolDatabaseUrl } from "./database-url.ts";

const USAGE = `usage: admin-cli <command> [options]
  create-operator --username NAME (--password PASSWORD | --password-stdin) --role admin|viewer`;

function required(value: string | undefined, flag: string): string {
  if (!value) throw new ImError("INVALID_ARGUMENT", `--${flag} is required`);
  return value;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: "string" },
      password: { type: "string" },
      "password-stdin": { type: "boolean" },
      role: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command !== "create-operator") {
    console.error(`unknown command ${command}\n${USAGE}`);
    return 2;
  }
  const url = await toolDatabaseUrl(process.env);
  if (!url) {
    console.error(NO_DATABASE_URL);
    return 2;
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const operator = await createOperator(pool, {
      username: required(values.username, "username"),
      password: values["password-stdin"] ? await readStdin() : required(values.password, "password"),
      // createOperator rejects anything but the known roles.
      role: required(values.role, "role") as OperatorRole,
    });
    console.log(`created operator ${operator.username} (${operator.role}), id ${operator.id}`);
    return 0;
  } catch (err) {
    console.error(err instanceof ImError ? `${err.kind}: ${err.message}` : err);
    return 1;
  } finally {
    await pool.end();
  }
}

process.exitCode = await main(process.argv.slice(2));
