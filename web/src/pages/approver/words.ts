// Workbench: the words of the approver's (审定领导) area's pages as [Chinese, English].
export const approverWords = {} as const satisfies Record<string, readonly [string, string]>;
