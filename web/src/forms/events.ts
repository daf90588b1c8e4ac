// Workbench: the forms' window event — kept apart from forms/action.tsx so that the frame (in the first load) can
// listen for it without pulling the form machinery (antd Form, Modal, Input) into the entry chunk.

/** Sent after every successful action: the frame's to-do badge and an open to-do list load again. */
export const tasksChangedEvent = "jiebang:tasks-changed";
