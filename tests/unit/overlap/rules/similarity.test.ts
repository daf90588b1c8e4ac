// Unit: 就高不重复's similarity measure — bigram Jaccard of the normalised Chinese title and key technologies, the
// threshold, period overlap, and near-misses on either side of the line.
import { describe, expect, it } from "vitest";
import {
  bigrams,
  contentSimilarity,
  jaccard,
  normaliseContent,
  sharedDays,
  similarityThreshold,
} from "../../../../functions/overlap/rules/similarity.ts";

const period = { startDate: "2026-01-01", endDate: "2027-12-31" };
const item = (title: string, keywords: string[] = [], p: typeof period = period) => ({
  title,
  keywords,
  period: p,
});

describe("就高不重复: the similarity of two supported items", () => {
  it("normalises full-width characters, case, spaces and punctuation before comparing", () => {
    expect(normaliseContent("「高端·不锈钢（冷轧）」 ５Ｇ Robot")).toBe("高端不锈钢冷轧5grobot");
    expect([...bigrams("冷轧薄板")]).toEqual(["冷轧", "轧薄", "薄板"]);
    expect([...bigrams("钢")]).toEqual(["钢"]);
    expect(jaccard(new Set(), new Set())).toBe(0);
    expect(jaccard(new Set(["a", "b"]), new Set(["b", "c"]))).toBeCloseTo(1 / 3);
  });

  it("finds the same content under a reworded title and key technologies", () => {
    const s = contentSimilarity(
      item("高端不锈钢冷轧薄板表面缺陷智能检测", ["机器视觉", "缺陷识别"]),
      item("不锈钢冷轧薄板表面缺陷智能检测系统研发", ["机器视觉检测", "深度学习缺陷识别"]),
    );
    expect(s).toMatchObject({ overlaps: true, sharedDays: 730 });
    expect(s.score).toBeGreaterThan(0.5);
    const robots = contentSimilarity(
      item("煤矿井下5G智能巡检机器人", ["5G通信", "巡检机器人"]),
      item("煤矿井下智能巡检机器人研制", ["巡检机器人", "防爆"]),
    );
    expect(robots.overlaps).toBe(true);
  });

  it("catches a near-miss just above the threshold (the same magnet technology, a different title)", () => {
    const s = contentSimilarity(
      item("钕铁硼永磁材料晶界扩散技术", ["晶界扩散"]),
      item("高性能钕铁硼永磁材料制备", ["晶界扩散", "重稀土减量"]),
    );
    expect(s.score).toBeGreaterThanOrEqual(similarityThreshold);
    expect(s.score).toBeLessThan(0.4);
    expect(s.overlaps).toBe(true);
  });

  it("leaves apart items that share a field or a material but not the content (near-misses below the line)", () => {
    const cases = [
      [
        item("高端不锈钢冷轧薄板表面缺陷智能检测", ["机器视觉"]),
        item("不锈钢热轧中厚板轧制工艺优化", ["轧制工艺"]),
      ],
      [item("高性能钕铁硼永磁材料制备", ["晶界扩散"]), item("高性能铝合金材料制备", ["热处理"])],
      [item("智能网联汽车线控底盘", ["线控制动"]), item("智能网联汽车车路协同平台", ["车路协同"])],
      [item("氢燃料电池电堆关键材料"), item("锂离子电池正极材料")],
    ] as const;
    for (const [a, b] of cases) {
      const s = contentSimilarity(a, b);
      expect(s.overlaps, `${a.title} / ${b.title}: ${s.score}`).toBe(false);
      expect(s.score).toBeLessThan(similarityThreshold);
    }
  });

  it("uses the title alone when either side names no key technologies", () => {
    const s = contentSimilarity(
      item("氢燃料电池电堆关键材料"),
      item("氢燃料电池电堆关键材料国产化", ["质子交换膜"]),
    );
    expect(s.keywordScore).toBeUndefined();
    expect(s.score).toBe(s.titleScore);
    expect(s.overlaps).toBe(true);
  });

  it("needs the periods to meet: the same content in periods apart is a follow-on, not a duplicate", () => {
    const later = { startDate: "2028-01-01", endDate: "2029-12-31" };
    expect(sharedDays(period, later)).toBe(0);
    expect(sharedDays(period, { startDate: "2027-12-31", endDate: "2029-01-01" })).toBe(1);
    const s = contentSimilarity(item("氢燃料电池电堆关键材料"), item("氢燃料电池电堆关键材料", [], later));
    expect(s.score).toBe(1);
    expect(s.overlaps).toBe(false);
    // A period not yet known (a pending application) counts as overlapping: the bureau decides.
    const unknown = contentSimilarity(item("氢燃料电池电堆关键材料"), {
      title: "氢燃料电池电堆关键材料",
      keywords: [],
    });
    expect(unknown.sharedDays).toBeUndefined();
    expect(unknown.overlaps).toBe(true);
  });
});
