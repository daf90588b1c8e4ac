// End-to-end: open data's daily file on the embedded runtime — the clock passing midnight Asia/Shanghai runs the
// daily function (DynamoDB Local → the S3 server's public bucket); the file is valid against the 360Giving schema, is
// the API's package of the same day, and is served at the public path /open-data/360giving/… without signing in.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { localNames } from "../../infra/resources.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { localServiceCredentials } from "../../local/sigv4.ts";
import { awardedProject } from "../support/projects.ts";
import { packageValidator } from "../support/three-sixty-giving.ts";

let runtime: Runtime;
let dataDir: string;
let s3: S3Client;
const day = 86_400_000;

/** The object's text in the S3 server's public bucket, or undefined when there is none. */
async function stored(key: string): Promise<string | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: localNames.publicBucket, Key: key }));
    return await object.Body?.transformToString("utf-8");
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return undefined;
    throw error;
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-open-data-daily-"));
  // 10:00 Asia/Shanghai on 2025-06-02.
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  s3 = new S3Client({
    endpoint: runtime.info.s3Endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: localServiceCredentials,
  });
});
afterAll(async () => {
  s3?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("open data's daily file (360Giving) in the public path", () => {
  it("nothing awarded: a day passes and no file is published (the public path answers 404)", async () => {
    await runtime.advanceClock(day);
    const date = shanghaiDate(runtime.clock.now());
    expect(date).toBe("2025-06-03");
    expect(await stored(`open-data/360giving/${date}.json`)).toBeUndefined();
    const latest = await fetch(`${runtime.info.apiUrl}/open-data/360giving/latest.json`);
    expect(latest.status).toBe(404);
  });

  it("after an award, a day advanced writes the day's file: schema-valid, the API's package of that day, public", async () => {
    const project = await awardedProject(runtime);
    await runtime.advanceClock(day);
    const date = shanghaiDate(runtime.clock.now());
    expect(date).toBe("2025-06-04");

    const text = await stored(`open-data/360giving/${date}.json`);
    expect(text, "the day's file in the S3 server").toBeDefined();
    const file = JSON.parse(text!) as { issued: string; modified: string; grants: { id: string }[] };
    const validate = packageValidator();
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    expect(file.issued).toBe(date);
    expect(file.grants.map((g) => g.id)).toEqual([
      expect.stringMatching(new RegExp(`-${project.projectId}$`)),
    ]);

    // The API's package of the same day is the same, but for the instant it was made (`modified`).
    const api = await fetch(`${runtime.info.apiUrl}/v1/public/open-data/grants.json`);
    expect(api.status).toBe(200);
    const live = (await api.json()) as typeof file;
    expect(live.issued).toBe(date);
    expect({ ...file, modified: undefined }).toEqual({ ...live, modified: undefined });
    expect(shanghaiDate(Date.parse(file.modified))).toBe(date);

    // Public, without a token: latest.json is the day's file, and the CSV beside it is the API's CSV.
    const latest = await fetch(`${runtime.info.apiUrl}/open-data/360giving/latest.json`);
    expect(latest.status).toBe(200);
    expect(latest.headers.get("content-type")).toMatch(/^application\/json/);
    expect(latest.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await latest.text()).toBe(text);
    const csv = await fetch(`${runtime.info.apiUrl}/open-data/360giving/${date}.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const apiCsv = await fetch(`${runtime.info.apiUrl}/v1/public/open-data/grants.csv`);
    expect(await csv.text()).toBe(await apiCsv.text());
    // Nothing else of the bucket through that path.
    const other = await fetch(`${runtime.info.apiUrl}/open-data/360giving/..%2F..%2Fsecret.json`);
    expect(other.status).toBe(404);
  });
});
