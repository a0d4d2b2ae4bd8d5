/**
 * Business lines and their API keys, from the command line:
 *   tsx apps/gateway/src/keys-cli.ts create-business --id shop --name Shop [--webhook-url U --webhook-secret S]
 *   tsx apps/gateway/src/keys-cli.ts create-key --business shop [--scope messages --scope users] [--rate-limit 50]
 *   tsx apps/gateway/src/keys-cli.ts rotate-key --key-id <id>
 *   tsx apps/gateway/src/keys-cli.ts revoke-key --key-id <id>
 * Uses DATABASE_URL. A new key is printed once; only its hash is stored.
 */
import { parseArgs } from "node:util";
import { ImError } from "@im/core";
import { createDb } from "@im/db";
import { createApiKey, createBusinessLine, revokeApiKey, rotateApiKey } from "./business-keys.ts";
import { NO_DATABASE_URL, toolDatabaseUrl } from "./database-url.ts";

const USAGE = `usage: keys-cli <command> [options]
  create-business --id ID --name NAME [--webhook-url URL] [--webhook-secret SECRET]
  create-key --business ID [--scope SCOPE ...] [--rate-limit N]
  rotate-key --key-id KEY_ID [--overlap SECONDS]   (the old key keeps working that long; default 0)
  revoke-key --key-id KEY_ID`;

function required(value: string | undefined, flag: string): string {
  if (!value) throw new ImError("INVALID_ARGUMENT", `--${flag} is required`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      id: { type: "string" },
      name: { type: "string" },
      "webhook-url": { type: "string" },
      "webhook-secret": { type: "string" },
      business: { type: "string" },
      scope: { type: "string", multiple: true },
      "rate-limit": { type: "string" },
      "key-id": { type: "string" },
      overlap: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const url = await toolDatabaseUrl(process.env);
  if (!url) {
    console.error(NO_DATABASE_URL);
    return 2;
  }
  const db = createDb({ url, max: 2 });
  try {
    switch (command) {
      case "create-business": {
        await createBusinessLine(db, {
          id: required(values.id, "id"),
          name: required(values.name, "name"),
          ...(values["webhook-url"] ? { webhookUrl: values["webhook-url"] } : {}),
          ...(values["webhook-secret"] ? { webhookSecret: values["webhook-secret"] } : {}),
        });
        console.log(`created business line ${values.id}`);
        return 0;
      }
      case "create-key": {
        const rateLimit = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
        const issued = await createApiKey(db, required(values.business, "business"), {
          ...(values.scope ? { scopes: values.scope } : {}),
          ...(rateLimit === undefined ? {} : { rateLimit }),
        });
        console.log(`key id: ${issued.keyId}\nkey (shown once): ${issued.key}`);
        return 0;
      }
      case "rotate-key": {
        const overlapSeconds = values.overlap === undefined ? 0 : Number(values.overlap);
        const issued = await rotateApiKey(db, required(values["key-id"], "key-id"), { overlapSeconds });
        console.log(
          `${overlapSeconds > 0 ? `${values["key-id"]} keeps working for ${overlapSeconds} s` : `revoked ${values["key-id"]}`}` +
            `\nkey id: ${issued.keyId}\nkey (shown once): ${issued.key}`,
        );
        return 0;
      }
      case "revoke-key": {
        await revokeApiKey(db, required(values["key-id"], "key-id"));
        console.log(`revoked ${values["key-id"]}`);
        return 0;
      }
      default:
        console.error(`unknown command ${command}\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    console.error(err instanceof ImError ? `${err.kind}: ${err.message}` : err);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
