// Unit: the execution a project's page links (admin, auditor) — the lifecycle chain's execution in charge, else the
// phase execution of project-phase; none for a closed project or one without a track.
import { describe, expect, it } from "vitest";
import { currentExecution, type TrackPosition } from "../../../web/src/pages/admin/current-execution.ts";

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
