// Workbench (工作台): the entry — Ant Design in Chinese (or English; dayjs and its zh-cn locale come with the first date
// field, components/date-picker-field.tsx), the language provider and
// the router under /console (index.html is served for every deep link, so a reload keeps the page), or in the
// address's fragment where the host cannot do that (config.routing "hash", AWS China).
import "./styles.css";
import { ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, HashRouter } from "react-router";
import { config } from "./config.ts";
import { LangProvider, useWords } from "./i18n.tsx";
import { AppRoutes } from "./routes.tsx";

function Localised() {
  const { lang } = useWords();
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
          // Danger buttons (拨付, confirmations of irreversible steps) and a field's error text: white on this red and
          // this red on white pass AA (#ff4d4f does not).
          colorError: "#b4232a",
          colorTextDescription: "rgba(0, 0, 0, 0.66)",
          colorTextTertiary: "rgba(0, 0, 0, 0.64)",
          colorTextQuaternary: "rgba(0, 0, 0, 0.6)",
        },
      }}
    >
      {config.routing === "hash" ? (
        <HashRouter>
          <AppRoutes />
        </HashRouter>
      ) : (
        <BrowserRouter basename="/console">
          <AppRoutes />
        </BrowserRouter>
      )}
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
