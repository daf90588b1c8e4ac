// Embedded runtime: the S3 endpoint — s3rver persisting under .data/s3 with the evidence and audit buckets, reachable
// only through a front on 127.0.0.1 that checks every request as S3 does (local/s3-signature.ts: SigV4 by header or
// presigned URL, the body against its declared digests) and refuses the rest with S3's XML errors. s3rver itself
// takes anonymous requests and checks no V4 signature, so it listens on a Unix socket in the data directory only.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import type { MachineCredentials } from "../functions/platform/http/sigv4.ts";
import { loopback } from "./net.ts";
import { verifyS3Request } from "./s3-signature.ts";

export interface LocalS3 {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface LocalS3Options {
  /** The only credentials requests may be signed with: the runtime's own (local/sigv4.ts). */
  readonly credentials: MachineCredentials;
  readonly region: string;
  readonly port?: number;
}

/** Browsers upload evidence straight to the bucket through presigned URLs, so the buckets allow cross-origin PUT. */
const corsForPresignedUploads = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** Larger than anything the platform accepts (uploads are at most 50 MiB, functions/kernel/uploads.ts). */
const maxBodyBytes = 64 * 1024 * 1024;

/** Unix socket paths are limited to 108 bytes (Linux) or 104 (macOS). */
const maxSocketPath = 100;

/** The query parameters of a presigned URL: checked here, not passed on. */
const signatureParameters = new Set([
  "x-amz-algorithm",
  "x-amz-credential",
  "x-amz-date",
  "x-amz-expires",
  "x-amz-signedheaders",
  "x-amz-signature",
  "x-amz-security-token",
  "x-amz-content-sha256",
]);

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return flat;
}

/** The request target without the presigned URL's signature parameters (the rest kept as sent). */
function withoutSignature(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const kept = url
    .slice(at + 1)
    .split("&")
    .filter((part) => {
      const name = part.split("=")[0] ?? "";
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // kept as sent; the signature check has refused an undecodable query already
      }
      return part !== "" && !signatureParameters.has(decoded.toLowerCase());
    });
  return kept.length > 0 ? `${url.slice(0, at)}?${kept.join("&")}` : url.slice(0, at);
}

const xmlText = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An S3 error response: XML `<Error><Code>…</Code><Message>…</Message></Error>` (no body for HEAD). */
function fail(
  incoming: IncomingMessage,
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  const requestId = Math.random().toString(16).slice(2, 18).toUpperCase();
  const body =
    incoming.method === "HEAD"
      ? ""
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlText(message)}</Message><RequestId>${requestId}</RequestId></Error>`;
  response.writeHead(status, {
    "content-type": "application/xml",
    "content-length": Buffer.byteLength(body),
    "x-amz-request-id": requestId,
    // As the buckets' CORS rule allows every origin, a browser may read the refusal.
    ...(incoming.headers.origin ? { "access-control-allow-origin": "*" } : {}),
  });
  response.end(body);
}

export async function startS3(
  dataDir: string,
  buckets: readonly string[],
  options: LocalS3Options,
): Promise<LocalS3> {
  const directory = join(dataDir, "s3");
  mkdirSync(directory, { recursive: true });
  const s3rver = new S3rver({
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name, configs: [corsForPresignedUploads] })),
  });
  await s3rver.configureBuckets();
  // In the data directory, which is the user's own (one a runtime killed left behind is replaced); in a private
  // temporary directory when that path is too long for a socket.
  let socketPath = join(dataDir, "s3rver.sock");
  let temporary: string | undefined;
  if (Buffer.byteLength(socketPath) > maxSocketPath) {
    temporary = mkdtempSync(join(tmpdir(), "jiebang-s3-"));
    socketPath = join(temporary, "s3rver.sock");
  }
  const removeSocket = () => rmSync(temporary ?? socketPath, { recursive: true, force: true });
  rmSync(socketPath, { force: true });
  let inner: Server;
  try {
    inner = await s3rver.listen(socketPath);
  } catch (error) {
    removeSocket();
    throw error;
  }

  // A connection per request, not kept alive: s3rver closes an idle kept-alive socket at its server's keep-alive timeout,
  // and one reused at that moment failed the request with ECONNRESET (seen under 100 lifecycles in parallel). A
  // unix-socket connect is cheap, so nothing is reused and nothing races.
  const toS3rver = new Agent({ keepAlive: false });
  const forward = (incoming: IncomingMessage, response: ServerResponse, body: Buffer, url: string) => {
    const { authorization: _checked, "transfer-encoding": _whole, ...headers } = incoming.headers;
    const upstream = request(
      {
        socketPath,
        agent: toS3rver,
        method: incoming.method,
        path: url,
        headers: { ...headers, "content-length": String(body.length) },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.once("error", (error) => {
      if (!response.headersSent) fail(incoming, response, 500, "InternalError", error.message);
      else response.destroy(error);
    });
    upstream.end(body);
  };

  const front = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    incoming.once("error", () => response.destroy());
    incoming.once("end", () => {
      if (size > maxBodyBytes)
        return fail(
          incoming,
          response,
          400,
          "EntityTooLarge",
          "Your proposed upload exceeds the maximum allowed size",
        );
      const body = Buffer.concat(chunks);
      const url = incoming.url ?? "/";
      // A browser's CORS preflight carries no signature, in S3 as here; the request it clears is checked. A presigned
      // URL's X-Amz query goes too: s3rver would try to authenticate the preflight by it and refuse it.
      if (incoming.method === "OPTIONS") return forward(incoming, response, body, withoutSignature(url));
      const verdict = verifyS3Request(
        { method: incoming.method ?? "GET", url, headers: flatHeaders(incoming.headers), body },
        options.credentials,
        options.region,
      );
      if (!verdict.ok) return fail(incoming, response, verdict.status, verdict.code, verdict.message);
      forward(incoming, response, body, withoutSignature(url));
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      front.once("error", reject);
      front.listen(options.port ?? 0, loopback, () => {
        front.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    toS3rver.destroy();
    await new Promise((resolve) => inner.close(resolve));
    removeSocket();
    throw error;
  }
  const { port } = front.address() as AddressInfo;
  return {
    endpoint: `http://${loopback}:${port}`,
    async stop() {
      const closed = (server: Server) => new Promise((resolve) => server.close(resolve));
      const frontClosed = closed(front);
      front.closeAllConnections();
      await frontClosed;
      toS3rver.destroy();
      const innerClosed = closed(inner);
      inner.closeAllConnections();
      await innerClosed;
      removeSocket();
    },
  };
}
