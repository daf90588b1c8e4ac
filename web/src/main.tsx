// Workbench (工作台): the entry — Ant Design in Chinese (or English) with dayjs to match, the language provider and
// the router under /console (index.html is served for every deep link, so a reload keeps the page).
import "./styles.css";
import { ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { LangProvider, useWords } from "./i18n.tsx";
import { AppRoutes } from "./routes.tsx";

function Localised() {
  const { lang } = useWords();
  dayjs.locale(lang === "en" ? "en" : "zh-cn");
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  return (
    <ConfigProvider
      locale={lang === "en" ? enUS : zhCN}
      button={{ autoInsertSpace: false }}
      theme={{
        // Text and links dark enough for WCAG AA contrast (axe-core checks every page in the browser tests).
        token: {
          colorPrimary: "#1f5fbf",
          colorInfo: "#1f5fbf",
          colorLink: "#1f5fbf",
          colorTextDescription: "rgba(0, 0, 0, 0.66)",
          colorTextTertiary: "rgba(0, 0, 0, 0.64)",
          colorTextQuaternary: "rgba(0, 0, 0, 0.6)",
          // A field's error and a danger button's text: Ant Design's #ff4d4f is 3.2:1 on white, this red 6:1.
          colorError: "#c41d1d",
        },
      }}
    >
      <BrowserRouter basename="/console">
        <AppRoutes />
      </BrowserRouter>
    </ConfigProvider>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LangProvider>
        <Localised />
      </LangProvider>
    </StrictMode>,
  );
}
