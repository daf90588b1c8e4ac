// Unit: the execution a project's page links (admin, auditor) — the lifecycle chain's execution in charge, else the
// phase execution of project-phase; none for a closed project or one without a track.
import { describe, expect, it } from "vitest";
import {
  chainProjectOf,
  currentExecution,
  type TrackPosition,
} from "../../../web/src/pages/admin/current-execution.ts";

describe("a project's current execution", () => {
  it("is the chain's execution in charge, with the stage it is parked at", () => {
    const track: TrackPosition = {
      status: "in-progress",
      phase: 1,
      lifecycle: {
        machine: "project-milestone",
        execution: "project-P1-m2-r1",
        parked: { stage: "AwaitReport" },
      },
    };
    expect(currentExecution("P1", track)).toEqual({
      machine: "project-milestone",
      name: "project-P1-m2-r1",
      stage: "AwaitReport",
    });
  });

  it("is the phase execution on project-phase; none once closed or without a track", () => {
    expect(currentExecution("P1", { status: "in-progress", phase: 3 })).toEqual({
      machine: "project-phase",
      name: "project-P1-p3",
    });
    expect(currentExecution("P1", { status: "closed", phase: 3 })).toBeUndefined();
    expect(currentExecution("P1", undefined)).toBeUndefined();
  });
});

describe("the project of a chain execution (the redrive card's resume command)", () => {
  it("is read from a chain execution's ARN or name; none for an anniversary's or another machine's", () => {
    const arn =
      "arn:aws:states:cn-north-1:123456789012:execution:Jiebang-project-milestone:project-prj-ab12-m2-r3";
    expect(chainProjectOf(arn)).toBe("prj-ab12");
    expect(chainProjectOf("project-prj-ab12-start-r1")).toBe("prj-ab12");
    expect(chainProjectOf("project-prj-ab12-acceptance-r2")).toBe("prj-ab12");
    expect(chainProjectOf("project-prj-ab12-y1-r1")).toBeUndefined();
    expect(chainProjectOf("project-prj-ab12-p1")).toBeUndefined();
    expect(chainProjectOf("dmd-123")).toBeUndefined();
  });
});
