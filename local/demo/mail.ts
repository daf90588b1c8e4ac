// Demo (local/demo/): mail arriving — the excavator project's enterprise chooses e-mail for its notifications once its
// task book is signed, and at the end the demo reads the local mailbox (/local/mailbox) for what reached it: the
// milestone reminder (里程碑报告提交提醒) and the payment notifications (资金已拨付), each once.
import type { Awarded } from "./award.ts";
import { enterprise } from "./cast.ts";
import type { PlatformClient } from "./client.ts";
import type { DemoSummary, StepRunner } from "./common.ts";

export interface MailboxEntry {
  readonly messageId: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly deliveries?: number;
}

/** The address the excavator project's enterprise contact (科技部) gives for e-mail. */
export const enterpriseMailAddress = (org: string) => `${org}-kjb@${org}.example`;

/** The accepted project's enterprise chooses e-mail besides the inbox. */
export async function chooseMail(api: PlatformClient, step: StepRunner, cast: Awarded): Promise<string> {
  const org = cast.accepted.challenge.enterpriseOrg;
  const email = enterpriseMailAddress(org);
  await step(
    "the excavator project's enterprise chooses e-mail notifications / 企业订阅邮件通知",
    async () =>
      api.must("PUT", "/v1/me/notification-preferences", {
        token: await api.token(enterprise(org)),
        body: { channels: ["email"], email },
      }),
    () => email,
  );
  return email;
}

/** What reached the address in the local mailbox: the reminders and payment notifications must be there, once each. */
export async function mailArrived(
  api: PlatformClient,
  step: StepRunner,
  email: string,
): Promise<DemoSummary["mail"]> {
  return step(
    "mail in the enterprise's local mailbox: milestone reminder and payment / 本地邮箱收到提醒与拨付通知",
    async () => {
      await api.settle();
      const { items } = await api.must<{ items: MailboxEntry[] }>(
        "GET",
        `/local/mailbox/messages?to=${encodeURIComponent(email)}`,
      );
      const reminders = items.filter((m) => m.subject === "里程碑报告提交提醒").length;
      const payments = items.filter((m) => m.subject === "资金已拨付").length;
      if (reminders === 0) throw new Error(`no milestone reminder reached ${email}`);
      if (payments === 0) throw new Error(`no payment notification reached ${email}`);
      return {
        address: email,
        mailboxUrl: `${api.baseUrl}/local/mailbox?to=${encodeURIComponent(email)}`,
        messages: items.length,
        reminders,
        payments,
      };
    },
    (m) => `${m.messages} messages: ${m.reminders} reminder(s), ${m.payments} payment(s)`,
  );
}
