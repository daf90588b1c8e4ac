// End-to-end: the evidence bucket's trust boundary (docs/security.md, trust boundary 5) on the embedded runtime —
// the local S3 endpoint checks every request's SigV4 signature as S3 does (header or presigned query, expiry, the
// signed headers), an upload URL takes only the declared bytes (their SHA-256 and length are signed into it), and
// sealed milestone evidence cannot be replaced through any URL a client is handed.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { storage } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { s3DocumentStore } from "../../functions/platform/s3/document-store.ts";
import { localNames } from "../../infra/resources.ts";
import { localRegion } from "../../local/functions.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { sha256Hex } from "../support/api.ts";
import { projectFlow } from "../support/project-flow.ts";

let runtime: Runtime;
let dataDir: string;
const flow = projectFlow(() => runtime);
const { api, enterprise, solver } = flow;
const documents = () => s3DocumentStore(storage(), config.evidenceBucket(), { now: () => new Date() });
const s3 = () => runtime.info.s3Endpoint;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-evidence-storage-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Slot = {
  file: { fileId: string; key: string };
  upload: { url: string; method: string; headers: Record<string, string> };
};

async function reserve(projectId: string, bytes: Buffer, kind = "evidence") {
  const slot = await api.post<Slot>(`/v1/projects/${projectId}/milestones/1/evidence`, await enterprise(), {
    kind,
    fileName: `${kind}.pdf`,
    contentType: "application/pdf",
    sizeBytes: bytes.length,
    sha256: sha256Hex(bytes),
  });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  return slot.body;
}

/** A project whose milestone-1 report was filed and validated: its audit report is sealed under sealed/…. */
async function sealedEvidence(solverOrg: string) {
  const { projectId } = await flow.signedProject({ solverOrg, startDate: shanghaiDate(runtime.clock.now()) });
  const bytes = Buffer.from(`%PDF-1.7 审计报告 ${solverOrg}`);
  const progressId = await flow.upload(
    projectId,
    1,
    "progress-report",
    Buffer.from(`%PDF-1.7 进展 ${solverOrg}`),
  );
  const auditId = await flow.upload(projectId, 1, "audit-report", bytes);
  const filed = await api.post(`/v1/projects/${projectId}/milestones/1/report`, await enterprise(), {
    summary: "中试线已建成",
    indicators: [{ name: "良品率", actual: "86%" }],
    fileIds: [progressId, auditId],
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(202);
  await flow.settle();
  const files = (
    (await flow.read(projectId)).track.milestones[0] as unknown as {
      files: { fileId: string; key: string; sealedKey?: string }[];
    }
  ).files;
  const file = files.find((f) => f.fileId === auditId);
  expect(file?.sealedKey).toBe(`sealed/${file?.key}`);
  const link = async () => {
    const got = await api.get<{ url: string }>(
      `/v1/projects/${projectId}/milestones/1/evidence/${auditId}`,
      await solver(solverOrg),
    );
    expect(got.status).toBe(200);
    return got.body.url;
  };
  return { projectId, bytes, sealedKey: file!.sealedKey!, link };
}

const objectUrl = (key: string) => `${s3()}/${localNames.evidenceBucket}/${key}`;

/** The S3 error code of an XML error body. */
const errorCode = async (response: Response) =>
  /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1] ?? `(no code: HTTP ${response.status})`;

const served = async (url: string) => sha256Hex(Buffer.from(await (await fetch(url)).arrayBuffer()));

describe("the local S3 endpoint checks signatures (trust boundary 5)", () => {
  it("refuses unsigned requests: no anonymous listing, reading or writing, sealed evidence included", async () => {
    const sealed = await sealedEvidence("uni-unsigned");
    expect(await served(await sealed.link())).toBe(sha256Hex(sealed.bytes));

    for (const url of [
      `${s3()}/`,
      `${s3()}/${localNames.evidenceBucket}`,
      `${s3()}/${localNames.evidenceBucket}?list-type=2`,
      `${s3()}/${localNames.auditBucket}`,
      `${s3()}/${localNames.auditBucket}?list-type=2&prefix=projects/`,
      objectUrl(sealed.sealedKey),
    ]) {
      const anonymous = await fetch(url);
      expect(anonymous.status, url).toBe(403);
      expect(anonymous.headers.get("content-type"), url).toMatch(/xml/);
      expect(await errorCode(anonymous), url).toBe("AccessDenied");
    }
    const attacker = Buffer.from("attacker's bytes");
    const overwrite = await fetch(objectUrl(sealed.sealedKey), { method: "PUT", body: attacker });
    expect(overwrite.status).toBe(403);
    expect(await errorCode(overwrite)).toBe("AccessDenied");
    expect((await fetch(objectUrl(sealed.sealedKey), { method: "DELETE" })).status).toBe(403);
    expect((await fetch(objectUrl(sealed.sealedKey), { method: "HEAD" })).status).toBe(403);

    // The API's download link still serves the sealed bytes.
    expect(await served(await sealed.link())).toBe(sha256Hex(sealed.bytes));
    expect((await documents().inspect(sealed.sealedKey))?.sha256).toBe(sha256Hex(sealed.bytes));
  }, 120_000);

  it("refuses a wrong secret, an unknown key, a changed or expired URL, and a download URL used to write", async () => {
    const sealed = await sealedEvidence("uni-wrongly-signed");
    const client = (accessKeyId: string, secretAccessKey: string) =>
      new S3Client({
        endpoint: s3(),
        region: localRegion,
        forcePathStyle: true,
        credentials: { accessKeyId, secretAccessKey },
        maxAttempts: 1,
      });
    const refusal = async (c: S3Client) => {
      try {
        await c.send(new ListObjectsV2Command({ Bucket: localNames.evidenceBucket }));
        return "listed";
      } catch (error) {
        const e = error as S3ServiceException;
        return `${e.$metadata?.httpStatusCode} ${e.name}`;
      } finally {
        c.destroy();
      }
    };
    const { accessKeyId } = await storage().config.credentials();
    expect(await refusal(client(accessKeyId, "a guessed secret"))).toBe("403 SignatureDoesNotMatch");
    expect(await refusal(client("AKIDNOBODYHAS", "whatever"))).toBe("403 InvalidAccessKeyId");

    const link = new URL(await sealed.link());
    const withParam = (name: string, value: string) => {
      const url = new URL(link);
      url.searchParams.set(name, value);
      return url.toString();
    };
    const signature = link.searchParams.get("X-Amz-Signature")!;
    for (const url of [
      withParam(
        "X-Amz-Signature",
        signature.replace(/^./, (c) => (c === "0" ? "1" : "0")),
      ),
      withParam("X-Amz-Expires", "604800"),
      link.toString().replace("/sealed/", "/"),
    ]) {
      const changed = await fetch(url);
      expect(changed.status, url).toBe(403);
      expect(await errorCode(changed), url).toBe("SignatureDoesNotMatch");
    }
    const written = await fetch(link, { method: "PUT", body: Buffer.from("attacker's bytes") });
    expect(written.status).toBe(403);
    expect(await errorCode(written)).toBe("SignatureDoesNotMatch");

    const expired = await getSignedUrl(
      storage(),
      new GetObjectCommand({ Bucket: localNames.evidenceBucket, Key: sealed.sealedKey }),
      { expiresIn: 60, signingDate: new Date(Date.now() - 2 * 3_600_000) },
    );
    const late = await fetch(expired);
    expect(late.status).toBe(403);
    expect(await late.clone().text()).toMatch(/expired/);
    expect(await errorCode(late)).toBe("AccessDenied");

    expect(await served(link.toString())).toBe(sha256Hex(sealed.bytes));
  }, 120_000);

  it("answers a browser's preflight for an upload without a signature, as S3 does", async () => {
    const preflight = await fetch(objectUrl("projects/any/milestones/1/file"), {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:3000",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type,x-amz-checksum-sha256",
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBeTruthy();
  });

  it("answers the preflight of a presigned upload URL (its X-Amz query and all), so a browser can PUT to it", async () => {
    const bytes = Buffer.from("preflight");
    const slot = await documents().presignUpload(
      {
        key: "demands/any/attachments/att-preflight",
        contentType: "application/pdf",
        sizeBytes: bytes.length,
        sha256: sha256Hex(bytes),
      },
      900,
    );
    const preflight = await fetch(slot.url, {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:3000",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type,x-amz-checksum-sha256",
      },
    });
    expect(preflight.status, await preflight.text()).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBeTruthy();
  });
});

describe("an upload URL takes only the declared bytes (trust boundary 5)", () => {
  it("signs the declared SHA-256 and length: other bytes, another length or no checksum header are refused", async () => {
    const { projectId } = await flow.signedProject({
      solverOrg: "uni-checksum",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    const declared = Buffer.from("%PDF-1.7 the declared evidence");
    const { file, upload } = await reserve(projectId, declared);
    const checksum = createHash("sha256").update(declared).digest("base64");
    expect(upload.headers["x-amz-checksum-sha256"]).toBe(checksum);
    const signed = new URL(upload.url).searchParams.get("X-Amz-SignedHeaders")?.split(";");
    expect(signed).toEqual(expect.arrayContaining(["content-length", "x-amz-checksum-sha256"]));

    const put = (body: Buffer, headers: Record<string, string> = upload.headers) =>
      fetch(upload.url, { method: upload.method, headers, body });
    const forged = Buffer.alloc(declared.length, "X");
    const sameLength = await put(forged);
    expect(sameLength.status).toBe(400);
    expect(await errorCode(sameLength)).toBe("BadDigest");
    const { "x-amz-checksum-sha256": _dropped, ...withoutChecksum } = upload.headers;
    for (const [body, headers] of [
      [Buffer.concat([declared, Buffer.from(" and more")]), upload.headers],
      [forged, withoutChecksum],
      [
        forged,
        { ...upload.headers, "x-amz-checksum-sha256": createHash("sha256").update(forged).digest("base64") },
      ],
    ] as const) {
      const refused = await put(body, headers);
      expect(refused.status).toBe(403);
      expect(await errorCode(refused)).toBe("SignatureDoesNotMatch");
    }
    expect(await documents().inspect(file.key)).toBeUndefined();

    expect((await put(declared)).status).toBe(200);
    expect((await documents().inspect(file.key))?.sha256).toBe(sha256Hex(declared));
    // The URL is still valid, and still takes nothing else.
    expect((await put(forged)).status).toBe(400);
    expect((await documents().inspect(file.key))?.sha256).toBe(sha256Hex(declared));
  }, 120_000);
});

describe("downloading evidence", () => {
  it("answers 404 for an evidence file the milestone does not have, and for a file name it does not take, 400", async () => {
    const { projectId } = await flow.signedProject({
      solverOrg: "uni-nofile",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    const missing = await api.get(
      `/v1/projects/${projectId}/milestones/1/evidence/evd-none`,
      await enterprise(),
    );
    expect(missing.status, JSON.stringify(missing.body)).toBe(404);
    expect(missing.body).toMatchObject({ code: "EVIDENCE_FILE_NOT_FOUND", messageZh: expect.any(String) });
    for (const fileName of ["a\u0000.pdf", "../../etc/passwd", "<script>alert(1)</script>.pdf"]) {
      const refused = await api.post(`/v1/projects/${projectId}/milestones/1/evidence`, await enterprise(), {
        kind: "evidence",
        fileName,
        contentType: "application/pdf",
        sizeBytes: 10,
        sha256: "a".repeat(64),
      });
      expect(refused.status, fileName).toBe(400);
      expect(refused.body, fileName).toMatchObject({ code: "EVIDENCE_FILE_NAME_NOT_ALLOWED" });
    }
  });
});
