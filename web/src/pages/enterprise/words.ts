// Workbench: the words of the enterprise's (发榜企业) area's pages as [Chinese, English].
export const enterpriseWords = {} as const satisfies Record<string, readonly [string, string]>;
