// Workbench: the words of the bureau's (科技局) area's pages as [Chinese, English].
export const bureauWords = {} as const satisfies Record<string, readonly [string, string]>;
