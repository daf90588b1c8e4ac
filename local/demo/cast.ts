// Demo (local/demo/): the cast and the content of the Taiyuan demo programme — the bureau, approver, finance officers,
// enterprises with their demands (需求), solvers (揭榜方) with their teams and budgets, and the expert pool (专家库).
// Names are realistic Taiyuan and Shanxi organisations; every amount is integer fen.
import { applyRateFloor } from "../../functions/kernel/money.ts";
import { usccCheckCharacter } from "../../functions/organisations/rules/uscc.ts";
import type { Party } from "./client.ts";

export const programmeFields = ["高端装备制造", "新材料", "新能源", "智能制造"] as const;

/** Display names of the organisations (the platform knows organisations by their identity-provider ids). */
export const organisationNames: Record<string, string> = {
  "taiyuan-stb": "太原市科学技术局",
  "taiyuan-gov": "太原市人民政府",
  "taiyuan-czj": "太原市财政局",
  "taiyuan-sjj": "太原市审计局",
  tyhi: "太原重工股份有限公司",
  tisco: "山西太钢不锈钢股份有限公司",
  "jnkg-zb": "晋能控股装备制造集团有限公司",
  meijin: "山西美锦能源股份有限公司",
  tyut: "太原理工大学",
  "ccteg-ty": "中国煤炭科工集团太原研究院有限公司",
  nuc: "中北大学",
  ustb: "北京科技大学",
  sxu: "山西大学",
  tyust: "太原科技大学",
  keda: "山西科达自控股份有限公司",
};

/** What kind of body each organisation is, for the organisation registry (机构名录). */
const organisationTypeOf: Record<string, "government" | "enterprise" | "university"> = {
  "taiyuan-stb": "government",
  "taiyuan-gov": "government",
  "taiyuan-czj": "government",
  "taiyuan-sjj": "government",
  tyut: "university",
  nuc: "university",
  ustb: "university",
  sxu: "university",
  tyust: "university",
};

/**
 * The cast's registry entries: the registered name, the type and a unified social credit code. The codes are made up
 * for the demo (Taiyuan's division 140100, Beijing's 110000 for 北京科技大学, a running number) with the check
 * character GB 32100-2015 calls for — they pass the platform's check but are not these bodies' real codes.
 */
export const registryEntries = Object.entries(organisationNames).map(
  ([organisationId, registeredName], i) => {
    const type = organisationTypeOf[organisationId] ?? "enterprise";
    const authority = type === "enterprise" ? "91" : type === "government" ? "11" : "12";
    const division = organisationId === "ustb" ? "110000" : "140100";
    const first17 = `${authority}${division}MA0${String(100_001 + i).padStart(6, "0")}`;
    return { organisationId, registeredName, type, uscc: `${first17}${usccCheckCharacter(first17)}` };
  },
);

export const officials = {
  bureau: { user: "stb-zhao", org: "taiyuan-stb", role: "bureau" },
  approver: { user: "gov-sun", org: "taiyuan-gov", role: "approver" },
  /** Finance officer who requests payment runs (经办). */
  finance: { user: "czj-zhou", org: "taiyuan-czj", role: "finance" },
  /** The second pair of eyes (复核): approves what the first requested. */
  financeReviewer: { user: "czj-wu", org: "taiyuan-czj", role: "finance" },
  auditor: { user: "sjj-qian", org: "taiyuan-sjj", role: "auditor" },
  admin: { user: "admin", org: "taiyuan-stb", role: "admin" },
} as const satisfies Record<string, Party>;

/** The cast's people by user: the name the identity provider puts in a token's `name` claim (local/auth.ts). */
export const personNames: Readonly<Record<string, string>> = {
  "stb-zhao": "赵立新",
  "gov-sun": "孙建华",
  "czj-zhou": "周晓梅",
  "czj-wu": "吴德胜",
  "sjj-qian": "钱文博",
  admin: "系统管理员",
  "tyhi-kjb": "郭海峰",
  "tisco-kjb": "李明远",
  "jnkg-zb-kjb": "王永刚",
  "meijin-kjb": "张瑞",
  "tyut-kyc": "刘晓东",
  "ccteg-ty-kyc": "马国庆",
  "nuc-kyc": "韩静",
  "ustb-kyc": "陈思远",
  "sxu-kyc": "杨帆",
  "tyust-kyc": "郝建平",
  "keda-kyc": "冯涛",
};

export const enterprise = (org: string): Party => ({ user: `${org}-kjb`, org, role: "enterprise" });
export const solver = (org: string): Party => ({ user: `${org}-kyc`, org, role: "solver" });

export interface PoolExpert {
  readonly user: string;
  readonly org: string;
  readonly name: string;
  readonly expertise: "technical" | "management" | "finance";
}

/** The expert pool; the platform knows an expert by the token's subject, `local-<user>`. */
export const experts: readonly PoolExpert[] = [
  { user: "x-liujg", org: "sxas", name: "刘建国（山西省科学院）", expertise: "technical" },
  {
    user: "x-chenzq",
    org: "cas-sxicc",
    name: "陈志强（中国科学院山西煤炭化学研究所）",
    expertise: "technical",
  },
  { user: "x-yangxy", org: "bit", name: "杨秀英（北京理工大学）", expertise: "technical" },
  { user: "x-huanght", org: "tju", name: "黄海涛（天津大学）", expertise: "technical" },
  { user: "x-zhaolh", org: "sx-huaan-cpa", name: "赵丽华（山西华安会计师事务所）", expertise: "finance" },
  { user: "x-zhouming", org: "zsh-cpa-sx", name: "周明（中审华会计师事务所山西分所）", expertise: "finance" },
  { user: "x-wugd", org: "sx-ecc", name: "吴国栋（山西省工程咨询院）", expertise: "management" },
];
export const expertId = (e: PoolExpert) => `local-${e.user}`;
export const expertParty = (e: PoolExpert): Party => ({ user: e.user, org: e.org, role: "expert" });
export const expertById = (id: string) => experts.find((e) => expertId(e) === id);

/** Whole yuan to fen (整数元 → 分). */
const yuan = (amount: number) => amount * 100;

/** An applicant (揭榜方): the lead organisation, what it asks and what the panel will think of it. */
export interface Applicant {
  readonly org: string;
  readonly rdInvestmentFen: number;
  readonly requestedFen: number;
  /** Points every panel member gives on every criterion (0-100). */
  readonly score: number;
  readonly plan: string;
  readonly team: readonly {
    name: string;
    role: string;
    birthDate: string;
    isLead: boolean;
    isKey: boolean;
  }[];
}

export type Storyline = "rectified-and-accepted" | "horse-race" | "terminated" | "unsolved";

export interface DemoChallenge {
  readonly key: string;
  readonly storyline: Storyline;
  readonly enterpriseOrg: string;
  readonly demand: {
    title: string;
    field: (typeof programmeFields)[number];
    background: string;
    content: string;
    keyTechnologies: { name: string; targetMetrics: { name: string; target: string; unit?: string }[] }[];
    timeLimitMonths: number;
    totalInvestmentFen: number;
    solverRequirements: string;
  };
  readonly fundingCapFen: number;
  readonly horseRace: { allowed: boolean; maxWinners: number };
  /** Milestone names and their first indicator (at 12 and 24 months). */
  readonly milestones: readonly [string, string, string][];
  readonly applicants: readonly Applicant[];
}

export const team = (lead: string, chief: string, key: string): Applicant["team"] => [
  { name: lead, role: "项目负责人", birthDate: "1988-04-12", isLead: true, isKey: false },
  { name: chief, role: "技术总师", birthDate: "1968-10-03", isLead: false, isKey: true },
  { name: key, role: "课题骨干", birthDate: "1991-07-21", isLead: false, isKey: true },
];

export const challenges: readonly DemoChallenge[] = [
  {
    key: "A",
    storyline: "rectified-and-accepted",
    enterpriseOrg: "tyhi",
    demand: {
      title: "大型矿用挖掘机远程智能操控系统研发",
      field: "高端装备制造",
      background: "露天矿山作业环境恶劣，WK 系列大型矿用挖掘机依赖现场司机操作，安全风险高、效率波动大。",
      content: "研制基于 5G 低时延通信的远程操控与辅助挖掘系统，实现多机协同与关键工况自主作业。",
      keyTechnologies: [
        {
          name: "远程操控低时延链路",
          targetMetrics: [
            { name: "端到端时延", target: "<= 50", unit: "ms" },
            { name: "作业效率", target: ">= 95", unit: "% 人工驾驶" },
          ],
        },
      ],
      timeLimitMonths: 24,
      totalInvestmentFen: yuan(12_000_000),
      solverRequirements: "具备大型工程机械控制系统研发经验，团队青年科研人员不低于 50%。",
    },
    fundingCapFen: yuan(3_000_000),
    horseRace: { allowed: false, maxWinners: 1 },
    milestones: [
      ["远程操控样机完成井下/露天联调", "端到端时延", "<= 80"],
      ["示范矿山连续运行验收", "端到端时延", "<= 50"],
    ],
    applicants: [
      {
        org: "tyut",
        rdInvestmentFen: 876_543_210,
        requestedFen: 262_962_963,
        score: 91,
        plan: "5G 专网 + 边缘计算的分层遥操作架构，视觉与力觉融合的辅助挖掘算法。",
        team: team("王志远", "李国华", "张晓燕"),
      },
      {
        org: "ccteg-ty",
        rdInvestmentFen: yuan(9_000_000),
        requestedFen: yuan(2_700_000),
        score: 84,
        plan: "基于既有煤机远程控制平台改造，增加挖掘轨迹规划模块。",
        team: team("刘洋", "马建军", "孙丽"),
      },
    ],
  },
  {
    key: "B",
    storyline: "horse-race",
    enterpriseOrg: "tisco",
    demand: {
      title: "0.015 毫米超薄精密不锈钢带钢板形控制技术",
      field: "新材料",
      background: "“手撕钢”向 0.015 mm 以下延伸，板形与厚度波动制约柔性显示与储能箔材的国产替代。",
      content: "突破二十辊轧机多变量板形闭环控制与在线检测，实现 0.015 mm 宽幅带钢稳定批量生产。",
      keyTechnologies: [
        {
          name: "多变量板形闭环控制",
          targetMetrics: [
            { name: "厚度公差", target: "<= ±1", unit: "μm" },
            { name: "板形平直度", target: "<= 3", unit: "I" },
          ],
        },
      ],
      timeLimitMonths: 24,
      totalInvestmentFen: yuan(25_000_000),
      solverRequirements: "两条以上技术路线可并行攻关（赛马），具备轧制中试条件。",
    },
    fundingCapFen: yuan(5_000_000),
    horseRace: { allowed: true, maxWinners: 2 },
    milestones: [
      ["中试轧制 0.02 mm 带钢", "厚度公差", "<= ±1.5"],
      ["0.015 mm 宽幅带钢批量试产", "厚度公差", "<= ±1"],
    ],
    applicants: [
      {
        org: "nuc",
        rdInvestmentFen: 1_234_567_890,
        requestedFen: 370_370_367,
        score: 90,
        plan: "机理模型与深度强化学习结合的板形预测控制，激光在线测厚。",
        team: team("赵鹏", "高振宇", "陈静"),
      },
      {
        org: "ustb",
        rdInvestmentFen: yuan(10_000_000),
        requestedFen: yuan(3_000_000),
        score: 87,
        plan: "轧辊热凸度主动补偿与分段冷却，X 射线板形仪闭环。",
        team: team("周凯", "钱学文", "吴倩"),
      },
      {
        org: "sxu",
        rdInvestmentFen: yuan(9_000_000),
        requestedFen: yuan(2_500_000),
        score: 72,
        plan: "基于数字孪生的轧制参数离线优化。",
        team: team("郑伟", "冯立新", "韩雪"),
      },
    ],
  },
  {
    key: "C",
    storyline: "terminated",
    enterpriseOrg: "jnkg-zb",
    demand: {
      title: "煤矿井下巡检机器人本质安全型动力电池系统",
      field: "智能制造",
      background: "井下巡检机器人续航不足 4 小时，防爆电池体积大，制约无人化巡检推广。",
      content: "研制本质安全型高能量密度动力电池及其管理系统，取得煤安认证。",
      keyTechnologies: [
        {
          name: "本质安全电池管理",
          targetMetrics: [
            { name: "续航时间", target: ">= 8", unit: "h" },
            { name: "能量密度", target: ">= 160", unit: "Wh/kg" },
          ],
        },
      ],
      timeLimitMonths: 24,
      totalInvestmentFen: yuan(8_000_000),
      solverRequirements: "具备防爆电气产品研发及煤安认证经验。",
    },
    fundingCapFen: yuan(2_000_000),
    horseRace: { allowed: false, maxWinners: 1 },
    milestones: [
      ["样机通过防爆型式试验", "续航时间", ">= 6"],
      ["取得煤安认证并井下示范", "续航时间", ">= 8"],
    ],
    applicants: [
      {
        org: "tyust",
        rdInvestmentFen: yuan(6_000_000),
        requestedFen: yuan(1_800_000),
        score: 88,
        plan: "磷酸铁锂电芯 + 本安型分布式 BMS，浇封防爆结构。",
        team: team("杨帆", "何建平", "罗敏"),
      },
      {
        org: "keda",
        rdInvestmentFen: yuan(5_000_000),
        requestedFen: yuan(1_500_000),
        score: 80,
        plan: "沿用矿用隔爆电源箱方案，优化电芯成组。",
        team: team("许亮", "邓志刚", "曹颖"),
      },
    ],
  },
  {
    key: "D",
    storyline: "unsolved",
    enterpriseOrg: "meijin",
    demand: {
      title: "氢燃料电池重卡 -30℃ 低温冷启动技术",
      field: "新能源",
      background: "山西冬季严寒，氢能重卡低温启动慢、衰减快，影响示范线路冬季运营。",
      content: "突破电堆低温自启动与水热管理，-30℃ 无辅助热源 60 秒内启动。",
      keyTechnologies: [
        {
          name: "低温冷启动水热管理",
          targetMetrics: [{ name: "-30℃ 启动时间", target: "<= 60", unit: "s" }],
        },
      ],
      timeLimitMonths: 24,
      totalInvestmentFen: yuan(30_000_000),
      solverRequirements: "具备燃料电池电堆开发能力。",
    },
    fundingCapFen: yuan(8_000_000),
    horseRace: { allowed: false, maxWinners: 1 },
    milestones: [],
    applicants: [],
  },
];

/** The application body a solver sends for `challenge` (budget items summing to the R&D investment). */
export function applicationBody(challenge: DemoChallenge, applicant: Applicant) {
  const equipment = applyRateFloor(applicant.rdInvestmentFen, 4000);
  const materials = applyRateFloor(applicant.rdInvestmentFen, 2500);
  const testing = applyRateFloor(applicant.rdInvestmentFen, 1500);
  const people = applicant.rdInvestmentFen - equipment - materials - testing;
  const people2 = applicant.team.map((m, i) => ({
    personId: `${applicant.org}-p${i + 1}`,
    name: m.name,
    organisationId: applicant.org,
    role: m.role,
    birthDate: m.birthDate,
    isLead: m.isLead,
    isKey: m.isKey,
  }));
  return {
    memberOrganisationIds: [],
    organisationNames: { [applicant.org]: organisationNames[applicant.org] ?? applicant.org },
    team: people2,
    chiefEngineerId: `${applicant.org}-p2`,
    technicalPlan: applicant.plan,
    budget: [
      { item: "设备费", amountFen: equipment },
      { item: "材料费", amountFen: materials },
      { item: "测试化验加工费", amountFen: testing },
      { item: "劳务费", amountFen: people },
    ],
    rdInvestmentFen: applicant.rdInvestmentFen,
    requestedFen: applicant.requestedFen,
    periodMonths: 24,
    milestones: challenge.milestones.map(([name, indicator, target], i) => ({
      name,
      monthsAfterStart: 12 * (i + 1),
      indicators: [{ name: indicator, target }],
    })),
  };
}
