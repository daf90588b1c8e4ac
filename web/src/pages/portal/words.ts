// Workbench: the words of the public portal's (公开信息, no sign-in) area's pages as [Chinese, English].
export const portalWords = {} as const satisfies Record<string, readonly [string, string]>;
