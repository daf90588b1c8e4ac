// Embedded runtime: loads workflows/*.asl.json from the catalog and applies the substitutions CDK applies in AWS
// (each ${Placeholder} becomes the ARN of the local function), so both run the very same definitions.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stateMachines } from "../functions/catalog.ts";
import { localAccount, localFunctionArn, localRegion } from "./functions.ts";

export interface LoadedStateMachine {
  readonly name: string;
  readonly arn: string;
  readonly definition: unknown;
}

export function localStateMachineArn(name: string): string {
  return `arn:aws:states:${localRegion}:${localAccount}:stateMachine:jiebang-${name}`;
}

export function substitute(
  text: string,
  substitutions: Readonly<Record<string, string>>,
  file: string,
): string {
  const result = text.replace(/\$\{(\w+)\}/g, (whole, key: string) => {
    const value = substitutions[key];
    if (value === undefined) throw new Error(`${file}: no substitution for ${whole}`);
    return value;
  });
  return result;
}

export function loadStateMachines(root: string): LoadedStateMachine[] {
  return stateMachines.map((machine) => {
    const substitutions = Object.fromEntries(
      Object.entries(machine.functionSubstitutions).map(([placeholder, fn]) => [
        placeholder,
        localFunctionArn(fn),
      ]),
    );
    const text = substitute(readFileSync(join(root, machine.file), "utf8"), substitutions, machine.file);
    return {
      name: machine.name,
      arn: localStateMachineArn(machine.name),
      definition: JSON.parse(text) as unknown,
    };
  });
}
