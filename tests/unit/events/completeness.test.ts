// Unit: every audit action the code writes is published (some event type's `actions`, functions/events/catalogue.ts)
// or said not to be (functions/events/unpublished.ts, with a reason) — a static scan of functions/ for the action
// names, so that a new action is never silently not published.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { eventTypes, typePrefix } from "../../../functions/events/catalogue.ts";
import { unpublishedActions } from "../../../functions/events/unpublished.ts";
import { todoActions } from "../../../functions/kernel/todos.ts";
import { crashPoints } from "../../../functions/platform/ports/faults.ts";
import { projectRoot } from "../../../local/runtime-paths.ts";

const functionsDir = join(projectRoot, "functions");

/** Source files of functions/, but the events context's own (its catalogue and list name the actions). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join(functionsDir, "events") ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The code without its comments (whole-line and trailing `//`, and block comments). */
const codeOf = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");

/** A string literal shaped like an action: `<kind>.<what>` ("payment.paid", 'tranche.eligible', `project.timers`). */
const literal = /["'`]([a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+)["'`]/g;
/** A template literal that builds one: `payment.${status}`. */
const template = /`([a-z][a-z0-9-]*\.[a-z0-9.-]*\$\{[^`]*)`/g;

/**
 * Actions built from a template, with each action it builds (the placeholder's type's values). A new template
 * fails the test until it is listed here.
 */
const templateActions: Readonly<Record<string, readonly string[]>> = {
  "award.${kind}-confirmed": ["award.bureau-confirmation-confirmed", "award.approver-confirmation-confirmed"],
  "award.${kind}-sent-back": ["award.bureau-confirmation-sent-back", "award.approver-confirmation-sent-back"],
  "award.${decision.kind}-decided": [
    "award.shortlist-decided",
    "award.bureau-confirmation-decided",
    "award.approver-confirmation-decided",
  ],
  "notice.objection-${input.decision}": ["notice.objection-upheld", "notice.objection-dismissed"],
  "challenge.${stage}-signed": ["challenge.bureau-signed", "challenge.approver-signed"],
  "challenge.awaiting-${kind}": [
    "challenge.awaiting-bureau-sign-off",
    "challenge.awaiting-approver-sign-off",
    "challenge.awaiting-sign-off-resubmission",
  ],
  "challenge.sent-back-by-${signOff.stage}": [
    "challenge.sent-back-by-bureau",
    "challenge.sent-back-by-approver",
  ],
  "demand.awaiting-${kind}": ["demand.awaiting-decision", "demand.awaiting-resubmission"],
  "review.awaiting-${input.kind}": [
    "review.awaiting-scores",
    "review.awaiting-shortlist",
    "review.awaiting-bureau-confirmation",
    "review.awaiting-approver-confirmation",
    "review.awaiting-overlap",
  ],
  "payment.${input.decision}d": ["payment.approved", "payment.rejected"],
  "payment.${status}": ["payment.rejected", "payment.cancelled"],
  "treasury.${answer.outcome}": ["treasury.confirmed", "treasury.failed"],
  'project.${kind === "fraud" ? "fraud" : "terminated"}': ["project.fraud", "project.terminated"],
};

/** Literals of that shape that are no audit action: request paths, field paths, file names, other codes. */
const fieldPaths = new Set([
  "body",
  "params",
  "query",
  "headers",
  "content",
  "claims",
  "team",
  "milestones",
  "attachments",
]);
function notAnAction(name: string): string | undefined {
  if (fieldPaths.has(name.split(".")[0]!)) return "a request or field path";
  if (/\.(csv|json|jsonl)$/.test(name)) return "a file name";
  if (name in todoActions) return "a to-do's action code (kernel/todos.ts)";
  if ((crashPoints as readonly string[]).includes(name)) return "a crash point (platform/ports/faults.ts)";
  if (`${name}.` === typePrefix) return "the event types' prefix";
  return undefined;
}

/** Templates of that shape that build no audit action. */
const nonActionTemplates: Readonly<Record<string, string>> = {
  "todo.${todo.action}": "a notification's code for a to-do (notifications/rules/recipients.ts)",
};

interface Scan {
  /** Each action-shaped literal, with the files it is in. */
  readonly literals: Map<string, Set<string>>;
  /** Each action-building template, with the files it is in. */
  readonly templates: Map<string, Set<string>>;
}

function scan(): Scan {
  const literals = new Map<string, Set<string>>();
  const templates = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, file: string) =>
    map.set(key, (map.get(key) ?? new Set()).add(file));
  for (const path of sourceFiles(functionsDir)) {
    const code = codeOf(readFileSync(path, "utf8"));
    const file = relative(projectRoot, path);
    for (const [, name] of code.matchAll(literal)) add(literals, name!, file);
    for (const [, text] of code.matchAll(template)) {
      const prefix = text!.split("${")[0]!;
      if (!notAnAction(prefix.endsWith(".") ? `${prefix}x` : prefix) && !(text! in nonActionTemplates)) {
        add(templates, text!, file);
      }
    }
  }
  return { literals, templates };
}

/** Every audit action the code can write: the literals that are no other code, and the templates' actions. */
function writtenActions({ literals, templates }: Scan): Map<string, string> {
  const actions = new Map<string, string>();
  for (const [name, files] of literals) if (!notAnAction(name)) actions.set(name, [...files].join(", "));
  for (const [text, files] of templates) {
    for (const action of templateActions[text] ?? []) actions.set(action, [...files].join(", "));
  }
  return actions;
}

const published = new Set(eventTypes.flatMap((t) => t.actions));

describe("every audit action is published or said not to be", () => {
  const found = scan();
  const actions = writtenActions(found);

  it("the scan finds the actions: every catalogue action, the known helpers' and templates' ones", () => {
    // Written through each way of writing an audit note: audit(…), workflowAudit(…), treasuryNote(…) (a template),
    // workflowNote(…), financeNote(…), `action: "…"`, a challenge's save(…, action), a ternary, a timers' list entry.
    for (const known of [
      "project.accepted",
      "tranche.eligible",
      "treasury.confirmed",
      "recovery.reassessed",
      "payment-run.recorded",
      "programme.created",
      "challenge.window-opened",
      "performance.exited",
      "milestone.reminded",
    ]) {
      expect(actions.has(known), known).toBe(true);
    }
    const missing = [...published].filter((action) => !actions.has(action));
    expect(missing, "catalogue actions the scan does not find in functions/ (no longer written?)").toEqual(
      [],
    );
    expect(actions.size).toBeGreaterThan(published.size + 100);
  });

  it("each template that builds an action is listed with the actions it builds", () => {
    const unlisted = [...found.templates.keys()].filter((text) => !(text in templateActions));
    expect(unlisted, "list the actions these templates build in templateActions").toEqual([]);
    const stale = Object.keys(templateActions).filter((text) => !found.templates.has(text));
    expect(stale, "templates no longer in functions/").toEqual([]);
  });

  it("each written action is some event type's or in unpublishedActions with a reason, never both", () => {
    const neither = [...actions]
      .filter(([action]) => !published.has(action) && !(action in unpublishedActions))
      .map(([action, files]) => `${action} (${files})`);
    expect(neither, "publish these in functions/events/catalogue.ts or list them in unpublished.ts").toEqual(
      [],
    );
    const both = Object.keys(unpublishedActions).filter((action) => published.has(action));
    expect(both).toEqual([]);
    for (const [action, reason] of Object.entries(unpublishedActions)) {
      expect(reason.trim().length, action).toBeGreaterThan(10);
      expect(reason, action).not.toContain("\n");
    }
  });

  it("unpublishedActions names only actions the code writes (none stale)", () => {
    const stale = Object.keys(unpublishedActions).filter((action) => !actions.has(action));
    expect(stale).toEqual([]);
  });

  it("no overlap, credit or judicial-referral action is published", () => {
    for (const action of actions.keys()) {
      if (/^(overlap|credit-record|judicial-referral)\./.test(action)) {
        expect(published.has(action), action).toBe(false);
      }
    }
  });
});
