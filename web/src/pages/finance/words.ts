// Workbench: the words of the finance area's forms as [Chinese, English] (the lists' words are in src/words.ts).
export const financeWords = {} as const satisfies Record<string, readonly [string, string]>;
