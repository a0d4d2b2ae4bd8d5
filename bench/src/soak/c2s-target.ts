// The business line's side of c2s: a webhook receiver and the Redis Stream,
// both read back as "event id -> how many times it arrived".
import http from "node:http";
import { Redis } from "ioredis";

export interface C2sArrival {
  eventId: string;
  clientMsgId: string;
}

/** A webhook target on a fixed port that answers 200 to every event and counts them by event id. */
export class WebhookTarget {
  readonly arrivals = new Map<string, number>();
  readonly clientMsgIds = new Map<string, string>();
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as C2sArrival;
        this.arrivals.set(event.eventId, (this.arrivals.get(event.eventId) ?? 0) + 1);
        this.clientMsgIds.set(event.eventId, event.clientMsgId);
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/c2s`;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.port, "127.0.0.1", () => resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** Every entry of a c2s stream, counted by event id. */
export async function readStream(redisUrl: string, key: string): Promise<Map<string, number>> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  const counts = new Map<string, number>();
  try {
    let start = "-";
    for (;;) {
      const entries = await redis.xrange(key, start, "+", "COUNT", 1000);
      for (const [, fields] of entries) {
        const i = fields.indexOf("eventId");
        const id = i >= 0 ? fields[i + 1] : undefined;
        if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      if (entries.length < 1000) break;
      start = `(${entries.at(-1)![0]}`;
    }
  } finally {
    redis.disconnect();
  }
  return counts;
}
