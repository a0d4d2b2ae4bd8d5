import { benchC2C } from "./c2c.ts";
import { benchCluster } from "./cluster.ts";
import { benchConnections } from "./connections.ts";
import { benchConsole } from "./console.ts";
import { benchGroup } from "./group.ts";

const benches: Record<string, (argv: string[]) => Promise<void>> = {
  c2c: benchC2C,
  cluster: benchCluster,
  group: benchGroup,
  connections: benchConnections,
  console: benchConsole,
};

const [name = "c2c", ...rest] = process.argv.slice(2);
const bench = benches[name];
if (!bench) {
  console.error(`unknown benchmark "${name}"; available: ${Object.keys(benches).join(", ")}`);
  process.exit(2);
}
await bench(rest);
