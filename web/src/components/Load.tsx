// Workbench: loading a page's data — a spinner, then after a few seconds a note that it is still loading; a failure
// as an error result with the API's message in the current language and a retry button; never a blank page.
import { Alert, Button, Result, Spin } from "antd";
import { type DependencyList, type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client.ts";
import { useWords } from "../i18n.tsx";

export type Loaded<T> =
  | { readonly state: "loading"; readonly slow: boolean }
  | { readonly state: "failed"; readonly error: unknown; readonly retry: () => void }
  | { readonly state: "ready"; readonly data: T; readonly reload: () => void };

const slowAfterMs = 3000;

/**
 * Runs `load` when `deps` change; a later answer replaces an earlier one, a stale one is dropped. A `reload` (after a
 * form's action) keeps the page as it is until the new answer replaces it: no spinner in between, and the forms stay
 * mounted, so the result an action shows (已保存, 已提交) is not lost with them.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: "loading", slow: false });
  const [attempt, setAttempt] = useState(0);
  const refreshing = useRef(false);
  const again = useCallback(() => {
    refreshing.current = true;
    setAttempt((n) => n + 1);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again
  useEffect(() => {
    let current = true;
    const refresh = refreshing.current;
    refreshing.current = false;
    setResult((r) => (refresh && r.state === "ready" ? r : { state: "loading", slow: false }));
    const timer = setTimeout(() => {
      if (current) setResult((r) => (r.state === "loading" ? { state: "loading", slow: true } : r));
    }, slowAfterMs);
    load().then(
      (data) => current && setResult({ state: "ready", data, reload: again }),
      (error: unknown) => current && setResult({ state: "failed", error, retry: again }),
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [...deps, attempt]);
  return result;
}

export function useErrorText(): (error: unknown) => string {
  const { lang } = useWords();
  return (error) => {
    if (error instanceof ApiError) {
      const message = lang === "en" ? error.messageEn : error.messageZh || error.messageEn;
      return `${error.status} ${error.code} ${message}`.trim();
    }
    return error instanceof Error ? error.message : String(error);
  };
}

/** Renders what was loaded, or the loading / failed state in its place. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useWords();
  const errorText = useErrorText();
  if (loaded.state === "loading") {
    return (
      // The label on a status region: Ant Design's spinner renders a plain div, where aria-label is prohibited (axe's
      // aria-prohibited-attr, serious — a page checked while a card still loads failed on it).
      <div className="loading" aria-busy="true" role="status" aria-label={t("loading")}>
        <Spin />
        {loaded.slow ? <Alert type="info" showIcon title={t("slow")} data-testid="slow" /> : null}
      </div>
    );
  }
  if (loaded.state === "failed") {
    return (
      <Result
        status="error"
        title={t("error")}
        subTitle={<span data-testid="page-error">{errorText(loaded.error)}</span>}
        extra={
          <Button type="primary" onClick={loaded.retry}>
            {t("retry")}
          </Button>
        }
      />
    );
  }
  return <>{children(loaded.data)}</>;
}
