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
};

const roleNames = {
  bureau: ["科技局", "bureau"],
  approver: ["审定领导", "approver"],
  expert: ["评审专家", "experts"],
  enterprise: ["发榜企业", "enterprise"],
  finance: ["财政", "finance"],
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
