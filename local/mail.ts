// Embedded runtime: the local mail relay — a real SMTP server (smtp-server) on loopback at a free port, which keeps
// each message it receives in the data directory (mailbox.jsonl), once per Message-ID as a mail client shows a resent
// message once; /local/mailbox shows a person's mail (what they would have received).
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface MailboxMessage {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly receivedAt: string;
  /** How many times the relay received this Message-ID (a resend after a crash counts here, shown once). */
  readonly deliveries?: number;
}

export interface LocalMailServer {
  readonly url: string;
  /** The messages received, once per Message-ID, oldest first; for one address when given. */
  messages(to?: string): MailboxMessage[];
  /** All receptions, a resent Message-ID as often as it came (for tests). */
  receptions(): number;
  stop(): Promise<void>;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) decoded. */
function decodeWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g,
    (_m, _charset, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
  );
}

/** A single-part message as nodemailer writes it: headers, a blank line, the body (base64, quoted-printable or 7bit). */
export function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? Buffer.from(
            body
              .replace(/=\r\n/g, "")
              .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            "latin1",
          ).toString("utf8")
        : body;
  return { headers, text: text.replace(/\r\n/g, "\n").trimEnd() };
}

export async function startMailServer(file: string): Promise<LocalMailServer> {
  const load = (): MailboxMessage[] =>
    existsSync(file)
      ? readFileSync(file, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => JSON.parse(l) as MailboxMessage)
      : [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 1_000_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const { headers, text } = parseMessage(Buffer.concat(chunks).toString("utf8"));
        const message: MailboxMessage = {
          messageId: headers["message-id"] ?? `<local-${Date.now()}@mailbox>`,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: headers["subject"] ?? "",
          text,
          receivedAt: new Date().toISOString(),
        };
        appendFileSync(file, `${JSON.stringify(message)}\n`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages(to) {
      const byId = new Map<string, MailboxMessage>();
      for (const m of load()) {
        const seen = byId.get(m.messageId);
        byId.set(
          m.messageId,
          seen ? { ...seen, deliveries: (seen.deliveries ?? 1) + 1 } : { ...m, deliveries: 1 },
        );
      }
      return [...byId.values()].filter((m) => !to || m.to.includes(to));
    },
    receptions: () => load().length,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The /local/mailbox page: the addresses, or one address's messages newest first. */
export function mailboxPage(server: LocalMailServer, to: string | undefined): string {
  const all = server.messages();
  const addresses = [...new Set(all.flatMap((m) => m.to))].sort();
  const shown = to ? server.messages(to).reverse() : [];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>本地邮箱 · Local mailbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em}article{border:1px solid #ddd;border-radius:6px;padding:.8em 1em;margin:.8em 0}pre{white-space:pre-wrap;font:inherit}small{color:#666}</style></head>
<body><h1>本地邮箱 <small>Local mailbox (embedded runtime)</small></h1>
<p>邮件发往本地 SMTP 服务器（${escapeHtml(server.url)}），不会离开本机。Mail sent to the loopback SMTP server; nothing leaves this machine.</p>
<nav>${addresses.map((a) => `<a href="?to=${encodeURIComponent(a)}">${escapeHtml(a)}</a>`).join(" · ") || "（暂无邮件 · no mail yet）"}</nav>
${
  to
    ? `<h2>${escapeHtml(to)}（${shown.length}）</h2>${shown
        .map(
          (m) =>
            `<article data-message-id="${escapeHtml(m.messageId)}"><h3>${escapeHtml(m.subject)}</h3><small>${escapeHtml(m.receivedAt)} · ${escapeHtml(m.messageId)}</small><pre>${escapeHtml(m.text)}</pre></article>`,
        )
        .join("")}`
    : ""
}</body></html>`;
}
