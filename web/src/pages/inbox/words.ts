// Workbench: the words of the inbox (站内信) as [Chinese, English].
export const inboxWords = {
  inbox: ["消息", "Inbox"],
  inboxIntro: [
    "待办、提醒、逾期与拨付等通知。邮件、短信和微信按您的偏好发送；站内消息始终保留。",
    "To-dos, reminders, escalations and payments. E-mail, SMS and WeChat follow your preferences; the inbox keeps them all.",
  ],
  noNotifications: ["暂无消息。", "No notifications."],
  inboxMarkRead: ["标为已读", "Mark read"],
  inboxUnread: ["未读", "Unread"],
  inboxOpen: ["查看", "Open"],
  inboxMore: ["更多", "More"],
} as const;
