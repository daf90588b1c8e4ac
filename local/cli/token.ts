// CLI group `token`: issues a JWT for a demo user of any role, signed with the embedded runtime's local key.
import { resolve } from "node:path";
import { isRole, roles } from "../../functions/kernel/roles.ts";
import { localIdentityProvider } from "../auth.ts";
import { projectRoot } from "../runtime-paths.ts";
import { type CommandGroup, flags, UsageError } from "./args.ts";

export const tokenCommands: CommandGroup = {
  summary: "issue a local JWT: token --role finance --user f1 --org finance-bureau [--ttl-hours 12]",
  async run(argv) {
    const { values, positionals } = flags(argv, {
      role: { type: "string" },
      user: { type: "string" },
      org: { type: "string" },
      "ttl-hours": { type: "string" },
      "data-dir": { type: "string" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const roleList = (values.role ?? "").split(",").filter(Boolean);
    if (roleList.length === 0)
      throw new UsageError(`--role is required (one of ${roles.join(", ")}; comma-separate several)`);
    const unknown = roleList.filter((r) => !isRole(r));
    if (unknown.length > 0)
      throw new UsageError(`unknown role ${unknown.join(", ")} (known: ${roles.join(", ")})`);
    if (!values.user || !/^[\w.@-]{1,64}$/.test(values.user))
      throw new UsageError("--user is required (letters, digits, . @ _ -)");
    if (!values.org || !/^[\w.-]{1,64}$/.test(values.org))
      throw new UsageError("--org is required (letters, digits, . _ -)");
    const ttlHours = values["ttl-hours"] === undefined ? 12 : Number(values["ttl-hours"]);
    if (!Number.isFinite(ttlHours) || ttlHours <= 0 || ttlHours > 24 * 30)
      throw new UsageError("--ttl-hours must be between 0 and 720");
    const dataDir = resolve(values["data-dir"] ?? process.env["JIEBANG_DATA_DIR"] ?? `${projectRoot}/.data`);
    const identity = await localIdentityProvider(dataDir);
    const token = await identity.issue({
      user: values.user,
      org: values.org,
      roles: roleList.filter(isRole),
      ttlSeconds: Math.round(ttlHours * 3600),
    });
    console.log(token);
    return 0;
  },
};
