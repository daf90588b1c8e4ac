// Workbench: the words of the admin and auditor area's pages as [Chinese, English].
export const adminWords = {
  auditDigests: ["审计链校验", "Audit trail check"],
  auditDigestsIntro: [
    "审计事件按记录串成哈希链；摘要把各记录的链头签名后写入对象锁定的审计存储桶，事后删除、改写或回滚都能被发现。",
    "Audit events are hash-chained per record; a digest signs every record's chain head into the Object-Locked audit bucket, so a later deletion, rewrite or rollback shows.",
  ],
  createDigest: ["立即生成摘要", "Anchor the trail now"],
  digestCreated: [
    "已生成第 {n} 号摘要，覆盖 {heads} 个链头。",
    "Digest {n} written, covering {heads} chain heads.",
  ],
  digests: ["审计摘要", "Audit digests"],
  noDigests: ["尚无审计摘要。", "No digests yet."],
  digestSequence: ["序号", "No."],
  digestSpan: ["覆盖时段", "Span"],
  digestHeads: ["链头数", "Chain heads"],
  digestTrigger: ["生成方式", "Trigger"],
  digestKey: ["存储位置与签名密钥", "Object and signing key"],
  triggerSchedule: ["每小时定时", "Hourly schedule"],
  triggerOnDemand: ["手动（{by}）", "On demand ({by})"],
  verifyTrail: ["校验审计链", "Verify the trail"],
  verifying: ["正在读取全部审计事件与摘要……", "Reading every audit event and digest…"],
  trailVerified: [
    "审计链校验通过：{records} 条记录、{events} 个事件的哈希链完整；{valid}/{count} 份摘要签名有效且首尾相接，{anchored} 条记录的链头与摘要一致。",
    "The audit trail verifies: {records} records, {events} events, every chain intact; {valid}/{count} digests validly signed and linked, {anchored} anchored records in place.",
  ],
  trailBroken: [
    "审计链校验未通过：{n} 条记录有问题，{p} 份摘要有问题。",
    "The audit trail does NOT verify: {n} records broken, {p} digest problems.",
  ],
  breakRecord: ["记录", "Record"],
  breakReason: ["问题", "Problem"],
  breakDetail: ["说明", "Detail"],
  latestDigest: ["最新摘要", "Latest digest"],
} as const satisfies Record<string, readonly [string, string]>;
