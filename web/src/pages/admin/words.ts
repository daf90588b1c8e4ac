// Workbench: the words of the admin and auditor area's pages as [Chinese, English].
export const adminWords = {} as const satisfies Record<string, readonly [string, string]>;
