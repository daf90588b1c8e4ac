// Workbench: the one way a page acts — ActionForm (an Ant Design form whose submit calls the API: required fields
// marked, the server's field errors shown next to the field they name, the button disabled while it runs, a
// confirmation for irreversible steps, the result shown, the to-do list told to refresh) and useAction for buttons.
import { Alert, Button, Form, type FormInstance, Modal, Space } from "antd";
import { type ReactNode, useCallback, useRef, useState } from "react";
import { ApiError } from "../api/client.ts";
import { useErrorText } from "../components/Load.tsx";
import { useWords } from "../i18n.tsx";
import { withoutPaths } from "./error-text.ts";
import { tasksChangedEvent } from "./events.ts";
import { fieldName } from "./field-name.ts";

export { tasksChangedEvent };

/** A fresh Idempotency-Key: one per click of a paying button, so a double click or a retry pays once. */
export const idempotencyKey = (): string => crypto.randomUUID();

export interface ActionOutcome {
  readonly ok: boolean;
  readonly error?: unknown;
}

/**
 * Runs an action: one at a time (a second start while it runs is refused with a "still running" error that shows — a
 * click is never dropped silently), the error kept for display, the server's field errors set on `form` when there is
 * one, and tasksChangedEvent sent on success.
 */
export function useAction(form?: FormInstance) {
  const { lang, t } = useWords();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const busy = useRef(false);
  const run = useCallback(
    async <T,>(action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> => {
      if (busy.current) {
        const refused = new Error(t("actionBusy"));
        setError(refused);
        return { ok: false, error: refused };
      }
      busy.current = true;
      setRunning(true);
      setError(undefined);
      try {
        const value = await action();
        // A "still running" refusal shown meanwhile is over: this is the result.
        setError(undefined);
        window.dispatchEvent(new Event(tasksChangedEvent));
        return { ok: true, value };
      } catch (e) {
        setError(e);
        if (form && e instanceof ApiError && e.fields.length > 0) {
          // Every field the form has (registered), not only those holding a value: an empty field gets its error too.
          const known = new Set([
            ...Object.keys(form.getFieldsValue(true) as Record<string, unknown>).map((k) => String(k)),
            ...form.getFieldsError().map((f) => String(f.name[0])),
          ]);
          form.setFields(
            e.fields
              .filter((f) => known.has(String(fieldName(f.path)[0])))
              .map((f) => ({
                name: fieldName(f.path),
                errors: [lang === "en" ? f.message : f.messageZh || f.message],
              })),
          );
        }
        return { ok: false, error: e };
      } finally {
        busy.current = false;
        setRunning(false);
      }
    },
    [form, lang, t],
  );
  return { run, running, error, clearError: () => setError(undefined), isBusy: () => busy.current };
}

/**
 * The error of an action as an alert — the message in the current language, without request paths; the API's code
 * as secondary text (for a support call) — or nothing.
 */
export function ActionError({ error, testId = "action-error" }: { error: unknown; testId?: string }) {
  const errorText = useErrorText();
  const { lang, t } = useWords();
  if (error === undefined) return null;
  if (!(error instanceof ApiError)) {
    return <Alert type="error" showIcon title={errorText(error)} data-testid={testId} role="alert" />;
  }
  const message = withoutPaths(lang === "en" ? error.messageEn : error.messageZh || error.messageEn);
  return (
    <Alert
      type="error"
      showIcon
      title={message || error.code}
      description={
        <span className="muted" data-secondary>
          {t("errorCode")} {error.code}
        </span>
      }
      data-testid={testId}
      role="alert"
    />
  );
}

export interface ActionFormProps<V, R> {
  /** The form's fields (Form.Item with `name`, `label` and `rules` — `required: true` marks them). */
  readonly children: ReactNode;
  /** Calls the API with the form's values; its answer is passed to `done` and `result`. */
  readonly submit: (values: V) => Promise<R>;
  readonly submitLabel: string;
  /** An irreversible step (a payment, fraud, a termination): the user confirms this text first. */
  readonly confirm?: string;
  /** What to show once it succeeded (else a generic "done"); the form stays for another action unless `once`. */
  readonly result?: (answer: R) => ReactNode;
  readonly done?: (answer: R) => void;
  readonly initialValues?: Partial<V>;
  /** After success, show the result only (the step cannot be done twice). */
  readonly once?: boolean;
  readonly danger?: boolean;
  readonly testId?: string;
  /** The form's name: its fields' element ids start with it (two forms on one page with a field of the same name). */
  readonly name?: string;
  readonly form?: FormInstance<V>;
  readonly disabled?: boolean;
}

export function ActionForm<V extends object, R>(props: ActionFormProps<V, R>) {
  const { t } = useWords();
  const [own] = Form.useForm<V>();
  const form = props.form ?? own;
  const { run, running, error, isBusy } = useAction(form);
  // The hook's modal, not the static Modal.confirm: it renders inside the app's ConfigProvider, so its OK button
  // takes the theme's contrast-safe colours (a static one used Ant Design's default red, 3.2:1 under white text).
  const [modal, modalHolder] = Modal.useModal();
  const [answer, setAnswer] = useState<{ value: R } | undefined>(undefined);
  // One confirmation at a time: a second submit while one is open is the same request, not another dialog.
  const confirming = useRef(false);
  const go = async (values: V) => {
    // A new attempt: the previous success no longer stands beside what this one answers (an error shown under an old
    // "done" read as both).
    if (!isBusy()) setAnswer(undefined);
    const outcome = await run(() => props.submit(values));
    if (outcome.ok) {
      setAnswer({ value: outcome.value });
      props.done?.(outcome.value);
    }
  };
  const onFinish = (values: V) => {
    // While an action runs (the form disabled, but a submit can still arrive: Enter, a script), no dialog whose OK
    // would be refused: the refusal shows at once.
    if (!props.confirm || isBusy()) return void go(values);
    if (confirming.current) return;
    confirming.current = true;
    const closed = () => {
      confirming.current = false;
    };
    modal.confirm({
      title: t("confirmTitle"),
      content: props.confirm,
      okText: props.submitLabel,
      cancelText: t("cancel"),
      okButtonProps: { danger: props.danger ?? true, "data-testid": "confirm-ok" } as never,
      // No zoom-in: the OK button is where it shows from the first frame, so a click as soon as it shows lands on it
      // (during the animation a click at the button's place hit the dialog's frame and did nothing, the dialog open).
      transitionName: "",
      maskTransitionName: "",
      onOk: () => {
        closed();
        return go(values);
      },
      onCancel: closed,
      afterClose: closed,
    });
  };
  const shown = answer ? (
    <Alert
      type="success"
      showIcon
      role="status"
      data-testid="action-done"
      title={props.result ? props.result(answer.value) : t("actionDone")}
    />
  ) : null;
  if (answer && props.once) return <div data-testid={props.testId}>{shown}</div>;
  return (
    <>
      {modalHolder}
      <Form<V>
        form={form}
        name={props.name}
        layout="vertical"
        requiredMark
        onFinish={onFinish}
        initialValues={props.initialValues}
        disabled={props.disabled || running}
        data-testid={props.testId}
        scrollToFirstError
      >
        {props.children}
        <Space orientation="vertical" style={{ width: "100%" }}>
          <ActionError error={error} />
          {shown}
          <Button
            type="primary"
            htmlType="submit"
            danger={props.danger}
            loading={running}
            disabled={props.disabled || running}
            data-testid={props.testId ? `${props.testId}-submit` : "submit"}
          >
            {props.submitLabel}
          </Button>
        </Space>
      </Form>
    </>
  );
}
