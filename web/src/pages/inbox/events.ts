// Workbench: the inbox's window event — fired after marking notifications read, so the header's bell counts again.
export const inboxChangedEvent = "jiebang:inbox-changed";
