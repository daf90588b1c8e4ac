// End-to-end: the embedded runtime listens on loopback only — every TCP socket its process tree opens (gateway,
// DynamoDB Local, the S3 endpoint, the Step Functions service, anything else) is bound to 127.0.0.1, read from
// /proc/net/tcp{,6}, and none answers on another address of the machine.
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";

interface Listener {
  readonly address: string;
  readonly port: number;
  readonly inode: string;
}

/** Decodes a /proc/net/tcp{,6} address (little-endian words of hex) to dotted IPv4 or full IPv6 text. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join(".");
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  if (mapped) return `::ffff:${bytes.slice(12).join(".")}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(":");
}

/** Listening TCP sockets of the machine (state 0A), by inode. */
function listeners(): Listener[] {
  return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cells) => cells[3] === "0A")
      .map((cells) => {
        const [address, port] = (cells[1] as string).split(":") as [string, string];
        return {
          address: decodeAddress(address),
          port: Number.parseInt(port, 16),
          inode: cells[9] as string,
        };
      }),
  );
}

/** This process and its descendants (DynamoDB Local's JVM among them). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(name), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
}

/** Socket inodes held open by the processes. */
function socketInodes(pids: readonly number[]): Set<string> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      } catch {
        // closed meanwhile
      }
    }
  }
  return inodes;
}

const ownListeners = () => {
  const mine = socketInodes(processTree(process.pid));
  return listeners().filter((l) => mine.has(l.inode));
};

let runtime: Runtime;
let dataDir: string;
let before: Set<string>;

beforeAll(async () => {
  before = new Set(ownListeners().map((l) => l.inode));
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-loopback-"));
  runtime = await startRuntime({ dataDir });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the embedded runtime on loopback", () => {
  it("binds every port it listens on to 127.0.0.1 only", () => {
    const opened = ownListeners().filter((l) => !before.has(l.inode));
    const ports = new Set(opened.map((l) => l.port));
    const { apiUrl, dynamodbEndpoint, s3Endpoint, stepFunctionsEndpoint } = runtime.info;
    for (const endpoint of [apiUrl, dynamodbEndpoint, s3Endpoint, stepFunctionsEndpoint]) {
      const url = new URL(endpoint);
      expect(url.hostname, endpoint).toBe("127.0.0.1");
      expect(ports.has(Number(url.port)), `${endpoint} is among the runtime's listeners`).toBe(true);
    }
    const elsewhere = opened.filter((l) => l.address !== "127.0.0.1" && l.address !== "::ffff:127.0.0.1");
    expect(elsewhere).toEqual([]);
  });

  it("answers on no other address of the machine", async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === "IPv4")
      .map((i) => i!.address);
    const ports = [...new Set(ownListeners().map((l) => l.port))];
    const reachable: string[] = [];
    for (const host of others) {
      for (const port of ports) {
        const connected = await new Promise<boolean>((resolve) => {
          const socket = connect({ host, port });
          socket.setTimeout(2000);
          socket.once("connect", () => {
            socket.destroy();
            resolve(true);
          });
          socket.once("error", () => resolve(false));
          socket.once("timeout", () => {
            socket.destroy();
            resolve(false);
          });
        });
        if (connected) reachable.push(`${host}:${port}`);
      }
    }
    expect(reachable).toEqual([]);
  });
});
