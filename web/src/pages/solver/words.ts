// Workbench: the words of the solver's (揭榜方) area's pages as [Chinese, English].
export const solverWords = {} as const satisfies Record<string, readonly [string, string]>;
