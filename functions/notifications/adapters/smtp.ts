// Adapter: the Mailer through an SMTP relay (nodemailer) — the city's mail relay in production, the embedded
// runtime's loopback SMTP server locally; the notification's Message-ID is kept, so a resend is the same message.
// nodemailer is loaded at the first e-mail, not at the function's init: most deliveries are in-app only.
import type { Transporter } from "nodemailer";
import type { Mailer } from "../../platform/ports/notifications.ts";

/** From address of the platform's mail. */
export const mailFrom = "揭榜挂帅平台 <noreply@jiebang.local>";

export function smtpMailer(url: () => string | undefined): Mailer {
  let transport: { url: string; transporter: Transporter } | undefined;
  return {
    async send(message) {
      const current = url();
      if (!current) throw new Error("no mail relay is configured (JIEBANG_SMTP_URL)");
      if (transport?.url !== current) {
        const { createTransport } = await import("nodemailer");
        transport = { url: current, transporter: createTransport(current) };
      }
      await transport.transporter.sendMail({
        from: mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
        textEncoding: "base64",
      });
    },
  };
}
