// Workbench: the words of the expert's (评审专家) area's pages as [Chinese, English].
export const expertWords = {} as const satisfies Record<string, readonly [string, string]>;
