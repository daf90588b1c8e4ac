// Workbench: the language (Chinese first, an English switch kept in localStorage across reloads) and the functions
// that put words on screen: t (page words), tf (with {placeholders}), stage, label, role, condition.
import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import { labelNames, roleNames, stageNames, type WordKey, words } from "./words.ts";

export type Lang = "zh" | "en";
const LANG = "jiebang.lang";

export function storedLang(): Lang {
  return localStorage.getItem(LANG) === "en" ? "en" : "zh";
}

export interface Words {
  readonly lang: Lang;
  setLang(lang: Lang): void;
  t(key: WordKey): string;
  tf(key: WordKey, values: Record<string, string | number>): string;
  stage(code: string): string;
  label(code: string): string;
  role(code: string): string;
  /** A release condition token ("milestone-passed:1", "anniversary:2") in words. */
  condition(token: string): string;
  /** A name pair of the API (name, nameZh) in the current language. */
  named(en: string, zh: string): string;
}

export function wordsFor(lang: Lang, setLang: (l: Lang) => void = () => undefined): Words {
  const i = lang === "en" ? 1 : 0;
  const pick = (table: Record<string, readonly [string, string]>, code: string) => table[code]?.[i] ?? code;
  const t = (key: WordKey) => words[key][i];
  const label = (code: string) => pick(labelNames, code);
  return {
    lang,
    setLang,
    t,
    tf: (key, values) => t(key).replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? "")),
    stage: (code) => pick(stageNames, code),
    label,
    role: (code) => pick(roleNames, code),
    condition(token) {
      const [kind = "", n = ""] = token.split(":");
      if (kind === "milestone-passed")
        return lang === "en" ? `after milestone ${n} passes` : `第${n}个里程碑考核通过后`;
      if (kind === "anniversary") return lang === "en" ? `anniversary ${n}` : `满${n}周年`;
      return label(kind);
    },
    named: (en, zh) => (lang === "en" ? en || zh : zh || en),
  };
}

const Context = createContext<Words>(wordsFor("zh"));

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const value = useMemo(
    () =>
      wordsFor(lang, (next) => {
        localStorage.setItem(LANG, next);
        document.documentElement.lang = next === "en" ? "en" : "zh-CN";
        setLangState(next);
      }),
    [lang],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useWords = (): Words => useContext(Context);
