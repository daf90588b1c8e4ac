// Operators' console: the words on screen, Chinese first with an English switch (kept in localStorage).
const words = {
  brand: ["揭榜挂帅 · 运营控制台", "Jiebang · Operators' console"],
  signIn: ["登录", "Sign in"],
  signOut: ["退出", "Sign out"],
  user: ["用户", "User"],
  org: ["单位", "Organisation"],
  roles: ["角色", "Roles"],
  localSignInHint: [
    "本地运行时：向 /local/token 申请令牌（与 API 校验的 JWT 相同）。",
    "Embedded runtime: a token from /local/token (the same JWT the API verifies).",
  ],
  programmes: ["批次与榜单", "Programmes & challenges"],
  executions: ["流程执行", "Executions"],
  budget: ["预算", "Budget"],
  year: ["年度", "Year"],
  policy: ["政策", "Policy"],
  stage: ["阶段", "Stage"],
  count: ["数量", "Count"],
  fundingCap: ["支持资金上限合计", "Funding caps, total"],
  challenges: ["榜单", "Challenges"],
  title: ["名称", "Title"],
  status: ["状态", "Status"],
  waitingFor: ["等待", "Waiting for"],
  noChallenges: ["该批次暂无榜单。", "No challenges in this programme yet."],
  noProgrammes: ["暂无批次。", "No programmes yet."],
  total: ["合计", "Total"],
  stateMachine: ["状态机", "State machine"],
  allStatuses: ["全部状态", "All statuses"],
  name: ["名称", "Name"],
  started: ["开始", "Started"],
  stopped: ["结束", "Stopped"],
  noExecutions: ["没有符合条件的执行。", "No executions match."],
  stuckExecutions: ["卡住的执行", "Stuck executions"],
  noStuck: ["无：没有卡住的执行。", "None: no execution is stuck."],
  stuckChecked: [
    "{at} 巡检了 {running} 个运行中的执行（阈值 {minutes} 分钟）",
    "Checked {running} running executions at {at} (threshold {minutes} min)",
  ],
  stuckSince: ["卡住自", "Stuck since"],
  correlationId: ["关联 ID", "Correlation id"],
  more: ["更多", "More"],
  execution: ["执行", "Execution"],
  currentState: ["当前状态", "Current state"],
  pathTaken: ["执行路径", "Path taken"],
  pendingTasks: ["待办人工环节", "Pending human tasks"],
  noPendingTasks: ["无待办人工环节。", "No human task is waited on."],
  waitedOn: ["等待谁", "Waited on"],
  since: ["起始", "Since"],
  deadline: ["期限", "Deadline"],
  subject: ["对象", "About"],
  steps: ["步骤（输入与输出）", "Steps (inputs and outputs)"],
  input: ["输入", "Input"],
  output: ["输出", "Output"],
  history: ["事件历史", "Event history"],
  type: ["类型", "Type"],
  time: ["时间", "Time"],
  details: ["详情", "Details"],
  graph: ["流程图", "Graph"],
  loading: ["加载中…", "Loading…"],
  back: ["返回列表", "Back to the list"],
  legend: ["图例：绿色为已经过，黄色为当前，红色为失败", "Legend: green visited, amber current, red failed"],
  error: ["出错了", "Something went wrong"],
  // projects
  projects: ["项目", "Projects"],
  project: ["项目", "Project"],
  noProjects: ["该批次暂无项目。", "No projects in this programme yet."],
  enterprise: ["出题企业", "Enterprise"],
  solverLead: ["揭榜牵头单位", "Lead solver"],
  grant: ["财政资助", "Grant"],
  rdInvestment: ["企业研发投入", "Enterprise R&D investment"],
  programme: ["批次", "Programme"],
  challenge: ["榜单", "Challenge"],
  taskBookPeriod: ["任务书期限", "Task book period"],
  signedOn: ["签订日期", "Signed on"],
  noTaskBook: ["任务书尚未起草。", "No task book drafted yet."],
  timeline: ["时间轴（里程碑与拨款）", "Timeline (milestones and tranches)"],
  date: ["日期", "Date"],
  item: ["事项", "Item"],
  amount: ["金额", "Amount"],
  note: ["说明", "Note"],
  milestone: ["里程碑", "Milestone"],
  tranche: ["拨款", "Tranche"],
  trancheN: ["第{n}期拨款", "Tranche {n}"],
  milestoneN: ["第{n}个里程碑", "Milestone {n}"],
  due: ["到期", "due"],
  eligibleAt: ["可拨付自", "eligible since"],
  paidAt: ["拨付于", "paid on"],
  documents: ["文件（SHA-256 校验值）", "Documents (SHA-256 hashes)"],
  noDocuments: ["暂无文件。", "No documents yet."],
  fileName: ["文件名", "File"],
  kind: ["类别", "Kind"],
  size: ["大小", "Size"],
  verified: ["已校验", "verified"],
  notVerified: ["未校验", "not verified"],
  auditReports: ["审计报告", "Audit reports"],
  auditTrail: ["审计轨迹（哈希链）", "Audit trail (hash-chained)"],
  chainsOk: ["{n} 条记录的哈希链全部完整", "All {n} records' hash chains intact"],
  chainsBroken: ["哈希链断裂：", "Broken hash chains: "],
  record: ["记录", "Record"],
  version: ["版本", "Version"],
  actor: ["操作人", "Actor"],
  role: ["角色", "Role"],
  action: ["操作", "Action"],
  hash: ["哈希", "Hash"],
  prevHash: ["前序哈希", "Previous hash"],
  // finance
  paymentQueue: ["拨付队列", "Payment queue"],
  ledger: ["资金台账", "Ledger"],
  recoveries: ["追回", "Recoveries"],
  charts: ["资金图表", "Charts"],
  allProgrammes: ["全部批次", "All programmes"],
  payee: ["收款企业", "Payee"],
  condition: ["拨付条件", "Condition"],
  dueSince: ["可拨付起始日", "Eligible since"],
  filter: ["筛选", "Filter"],
  queueEmpty: ["没有符合条件的可拨付款项。", "No eligible tranche matches."],
  lastRejection: ["上次复核退回", "Last rejected"],
  confirmedBy: ["确认人", "confirmed by"],
  choose: ["请选择", "Choose"],
  noProgrammeChosen: ["请选择一个批次。", "Choose a programme."],
  balances: ["科目余额", "Balances by account"],
  account: ["科目", "Account"],
  stored: ["账面余额", "Stored balance"],
  rebuilt: ["由分录重算", "Rebuilt from entries"],
  agrees: ["一致", "agree"],
  disagrees: ["不一致", "disagree"],
  rebuildAgrees: [
    "账面余额与分录重算一致（{n} 笔凭证）",
    "Stored balances agree with the rebuild ({n} transactions)",
  ],
  rebuildDisagrees: ["账面余额与分录重算不一致！", "Stored balances do NOT agree with the rebuild!"],
  entries: ["记账凭证", "Ledger transactions"],
  noEntries: ["暂无记账凭证。", "No transactions yet."],
  posted: ["记账时间", "Posted"],
  debit: ["借", "Dr"],
  credit: ["贷", "Cr"],
  report: ["资金报告", "Finance report"],
  committed: ["已承诺", "Committed"],
  disbursed: ["已拨付", "Disbursed"],
  recovered: ["已追回", "Recovered"],
  recoverable: ["待追回", "Recoverable"],
  outstanding: ["未拨付", "Outstanding"],
  budgetLeft: ["预算结余", "Budget left"],
  leverage: ["撬动比", "Leverage"],
  recordsAndLedgerAgree: ["业务记录与台账一致", "Records and ledger agree"],
  recordsAndLedgerDisagree: ["业务记录与台账不一致", "Records and ledger disagree"],
  reason: ["原因", "Reason"],
  received: ["已收回", "Received"],
  payer: ["退款单位", "Payer"],
  decidedOn: ["决定日期", "Decided on"],
  noRecoveries: ["暂无追回事项。", "No recoveries."],
  fundsOverTime: ["资金随时间变化（累计）", "Funds over time (running totals)"],
  leverageByProgramme: [
    "各批次撬动比（企业研发投入 ÷ 财政资金承诺）",
    "Leverage by programme (enterprise R&D ÷ public money committed)",
  ],
  noSeries: ["暂无资金数据。", "No money moved yet."],
  asOf: ["截至", "As of"],
};

const stageNames = {
  draft: ["草稿", "Draft"],
  "awaiting-bureau": ["待科技局审核", "Awaiting bureau"],
  "awaiting-approver": ["待审定", "Awaiting approver"],
  scheduled: ["已发榜待开放", "Published, not yet open"],
  open: ["揭榜中", "Open"],
  closed: ["已截止", "Closed"],
  reviewing: ["评审中", "Reviewing"],
  shortlisting: ["确定入围", "Shortlisting"],
  "on-notice": ["公示中", "On notice"],
  awarded: ["已授榜", "Awarded"],
  unsolved: ["流榜", "Unsolved"],
  withdrawn: ["已撤回", "Withdrawn"],
  RUNNING: ["运行中", "Running"],
  SUCCEEDED: ["已成功", "Succeeded"],
  FAILED: ["已失败", "Failed"],
  TIMED_OUT: ["已超时", "Timed out"],
  ABORTED: ["已中止", "Aborted"],
  PENDING_REDRIVE: ["待重驱", "Pending redrive"],
  // projects (项目)
  "awaiting-task-book": ["待签任务书", "Awaiting task book"],
  "in-progress": ["实施中", "In progress"],
  extended: ["已延期", "Extended"],
  "under-acceptance": ["验收中", "Under acceptance"],
  accepted: ["已验收", "Accepted"],
  "not-accepted": ["验收未通过", "Not accepted"],
  terminated: ["已终止", "Terminated"],
  // milestones (里程碑)
  pending: ["未提交", "Pending"],
  validating: ["材料校验中", "Validating"],
  returned: ["已退回", "Returned"],
  "under-review": ["专家评审中", "Under review"],
  rectifying: ["整改中", "Rectifying"],
  "awaiting-payment-opinion": ["待拨付意见", "Awaiting payment opinion"],
  passed: ["已通过", "Passed"],
  failed: ["未通过", "Failed"],
  // tranches (拨款) and payments
  planned: ["计划", "Planned"],
  eligible: ["可拨付", "Eligible"],
  reserved: ["拨付中", "Reserved"],
  paid: ["已拨付", "Paid"],
  cancelled: ["已取消", "Cancelled"],
  // recoveries (追回)
  assessed: ["待追回", "Assessed"],
  recovered: ["已追回", "Recovered"],
  waived: ["已核销", "Waived"],
};

/** Everything else shown as a label: what a challenge waits for, ledger kinds, accounts, documents, reasons. */
const labelNames = {
  // what a challenge waits for (challenge.waitingFor.kind)
  "bureau-sign-off": ["科技局审核", "Bureau sign-off"],
  "approver-sign-off": ["审定领导审定", "Approver sign-off"],
  "sign-off-resubmission": ["退回后重新提交", "Resubmission after a send-back"],
  scores: ["专家评分", "Expert scores"],
  shortlist: ["发榜企业确定入围", "Shortlist"],
  "bureau-confirmation": ["科技局确认", "Bureau confirmation"],
  "approver-confirmation": ["审定领导确认", "Approver confirmation"],
  // a step of an execution (executions inspector)
  "step-succeeded": ["已完成", "Succeeded"],
  "step-failed": ["失败", "Failed"],
  "step-running": ["进行中", "Running"],
  // why the stuck-execution sweep judged an execution stuck (停滞流程巡检)
  "stuck-task-in-flight": ["任务执行过久未结束", "A task has been in flight too long"],
  "stuck-no-progress": ["长时间无进展", "No progress for too long"],
  "stuck-callback-overdue": ["人工环节已过期限仍在等待", "A human task is still waited on past its deadline"],
  "stuck-timer-overdue": ["定时等待已到期仍未继续", "A timer is past due and the flow has not moved on"],
  "stuck-retry-overdue": ["失败后应重试而未重试", "A failed task's retry was due and never came"],
  // ledger transaction kinds
  fund: ["预算安排", "Fund"],
  commit: ["承诺（预留）", "Commit"],
  release: ["释放承诺", "Release"],
  payable: ["应付", "Payable"],
  pay: ["拨付", "Pay"],
  assess: ["确认应收追回款", "Assess"],
  recover: ["追回到账", "Recover"],
  // account kinds
  appropriation: ["财政拨款来源", "Appropriation"],
  budget: ["批次预算", "Budget"],
  committed: ["已承诺", "Committed"],
  paid: ["已拨付", "Paid"],
  receivable: ["应收追回款", "Receivable"],
  recovered: ["已追回", "Recovered"],
  "recoveries-due": ["应追回款", "Recoveries due"],
  // documents
  "progress-report": ["进展报告", "Progress report"],
  evidence: ["佐证材料", "Evidence"],
  "audit-report": ["专项审计报告", "Special audit report"],
  // recovery reasons
  termination: ["终止", "Termination"],
  fraud: ["弄虚作假", "Fraud"],
  // release conditions
  "task-book-signed": ["任务书签订后", "On signing the task book"],
  "final-acceptance": ["结题验收后", "After final acceptance"],
};

const roleNames = {
  bureau: ["科技局", "bureau"],
  approver: ["审定领导", "approver"],
  expert: ["评审专家", "experts"],
  enterprise: ["发榜企业", "enterprise"],
  finance: ["财政", "finance"],
  auditor: ["审计", "auditor"],
  admin: ["管理员", "admin"],
  solver: ["揭榜方", "solver"],
  project: ["项目相关方", "project parties"],
  treasury: ["国库支付中心", "treasury"],
  workflow: ["流程", "workflow"],
  unknown: ["未知", "unknown"],
};

export function lang() {
  return localStorage.getItem("jiebang.lang") === "en" ? "en" : "zh";
}
export function setLang(value) {
  localStorage.setItem("jiebang.lang", value);
  document.documentElement.lang = value === "en" ? "en" : "zh-CN";
}
const pick = (pair, key) => (pair ? pair[lang() === "en" ? 1 : 0] : key);
export const t = (key) => pick(words[key], key);
export const stage = (key) => pick(stageNames[key], key);
export const role = (key) => pick(roleNames[key], key);
/** A label for a code (ledger kinds, accounts, document kinds…); the code itself when unknown. */
export const label = (key) => pick(labelNames[key], key);
/** What a challenge waits for, localized ("approver-sign-off" → "审定领导审定"). */
export const waitingFor = (kind) => label(kind);
/** t() with {placeholders} filled. */
export const tf = (key, values) => t(key).replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ""));
/** A release condition token ("milestone-passed:1", "anniversary:2") in words. */
export function conditionText(token) {
  const [kind, n] = String(token ?? "").split(":");
  if (kind === "milestone-passed")
    return lang() === "en" ? `after milestone ${n} passes` : `第${n}个里程碑考核通过后`;
  if (kind === "anniversary") return lang() === "en" ? `anniversary ${n}` : `满${n}周年`;
  return label(kind);
}

/** Integer fen as yuan, e.g. 300000000 → "¥3,000,000.00". */
export function yuan(fen) {
  const value = Number(fen ?? 0) / 100;
  return `¥${value.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** An instant in Beijing time, as people here read it. */
export function when(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(lang() === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    hour12: false,
  });
}
