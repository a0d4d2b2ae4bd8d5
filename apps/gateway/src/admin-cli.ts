/**
 * Operators of the console, and business lines' c2s dead letters, from the command line:
 *   tsx apps/gateway/src/admin-cli.ts create-operator --username ann --password '<12+ chars>' --role admin|viewer
 *   printf %s "$PASSWORD" | tsx apps/gateway/src/admin-cli.ts create-operator --username ann --password-stdin --role admin
 *   tsx apps/gateway/src/admin-cli.ts dead-letters --business shop [--limit 50]
 *   tsx apps/gateway/src/admin-cli.ts retry-dead --business shop (--event c2s_… | --all)
 *   tsx apps/gateway/src/admin-cli.ts discard-dead --business shop --event c2s_…
 * Uses DATABASE_URL. The password is stored only as an argon2id hash; --password-stdin keeps it out of
 * the process list and shell history.
 */
import { parseArgs } from "node:util";
import { ImError } from "@im/core";
import { createDb, type PrismaClient } from "@im/db";
import { discardDeadLetter, listDeadLetters, PrismaStore, retryDeadLetters } from "@im/storage";
import { createOperator, type OperatorRole } from "./admin/index.ts";
import { NO_DATABASE_URL, toolDatabaseUrl } from "./database-url.ts";

const USAGE = `usage: admin-cli <command> [options]
  create-operator --username NAME (--password PASSWORD | --password-stdin) --role admin|viewer
  dead-letters --business ID [--limit N]        c2s events given up on, newest first, with the last error
  retry-dead --business ID (--event ID | --all)  deliver them again (targets that took one are skipped)
  discard-dead --business ID --event ID          drop one for good`;

const COMMANDS = new Set(["create-operator", "dead-letters", "retry-dead", "discard-dead"]);

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
      business: { type: "string" },
      event: { type: "string" },
      all: { type: "boolean" },
      limit: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (!COMMANDS.has(command)) {
    console.error(`unknown command ${command}\n${USAGE}`);
    return 2;
  }
  const url = await toolDatabaseUrl(process.env);
  if (!url) {
    console.error(NO_DATABASE_URL);
    return 2;
  }
  const db = createDb({ url, max: 1 });
  try {
    if (command !== "create-operator") return await deadLetters(db.prisma, command, values);
    const operator = await createOperator(db.prisma, {
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
    await db.close();
  }
}

/** The dead-letter commands (the console's store); what they print is one line per event or one summary line. */
async function deadLetters(
  prisma: PrismaClient,
  command: string,
  values: {
    business?: string | undefined;
    event?: string | undefined;
    all?: boolean | undefined;
    limit?: string | undefined;
  },
): Promise<number> {
  const businessId = required(values.business, "business");
  const store = new PrismaStore(prisma, { what: "outbox" });
  if (command === "dead-letters") {
    const limit = Number(values.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new ImError("INVALID_ARGUMENT", "--limit must be an integer from 1 to 500");
    // The store gives one more than asked (telling a next page exists): not printed.
    const letters = (await store.read((db) => listDeadLetters(db, businessId, undefined, limit))).slice(0, limit);
    for (const e of letters) {
      const took = [e.streamDeliveredAt && "stream", e.webhookDeliveredAt && "webhook"].filter(Boolean).join(",");
      console.log(
        [e.eventId, e.createdAt.toISOString(), `attempts=${e.attempts}`, `took=${took || "-"}`, e.lastError ?? ""].join(
          "\t",
        ),
      );
    }
    console.error(`${letters.length} dead letter(s) of ${businessId}`);
    return 0;
  }
  if (command === "retry-dead") {
    if (values.all) {
      const retried = await store.transaction((tx) => retryDeadLetters(tx, businessId));
      console.log(`retried ${retried} dead letter(s) of ${businessId}`);
      return 0;
    }
    const eventId = required(values.event, "event (or --all)");
    if ((await store.transaction((tx) => retryDeadLetters(tx, businessId, eventId))) === 0)
      throw new ImError("NOT_FOUND", `no dead letter ${eventId} for ${businessId}`);
    console.log(`retried ${eventId}`);
    return 0;
  }
  const eventId = required(values.event, "event");
  if (!(await store.transaction((tx) => discardDeadLetter(tx, businessId, eventId))))
    throw new ImError("NOT_FOUND", `no dead letter ${eventId} for ${businessId}`);
  console.log(`discarded ${eventId}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
