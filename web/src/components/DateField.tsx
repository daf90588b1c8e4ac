// Workbench: a date field (日期) — Ant Design's DatePicker in the workbench's language (zh-CN 年月日 or English, from
// the ConfigProvider), shown and stored as a YYYY-MM-DD string, where a native <input type="date"> rendered the
// browser's own mm/dd/yyyy whatever the page's language. The picker is its own chunk (date-picker-field.tsx): pages in
// the first load that have a date field do not carry it.
import { Input } from "antd";
import { type CSSProperties, lazy, Suspense } from "react";

export interface DateFieldProps {
  /** A YYYY-MM-DD day, "" or undefined when none (a Form.Item's value). */
  readonly value?: string | undefined;
  /** The chosen day as YYYY-MM-DD, "" when cleared — the same string a native date input gave. */
  readonly onChange?: (value: string) => void;
  /** The input's id (a Form.Item's label points at it). */
  readonly id?: string;
  /** The input's name attribute. */
  readonly name?: string;
  readonly "data-testid"?: string;
  readonly "aria-label"?: string;
  readonly disabled?: boolean;
  readonly placeholder?: string;
  readonly style?: CSSProperties;
}

const Picker = lazy(() => import("./date-picker-field.tsx"));

/**
 * A day as YYYY-MM-DD: typing a complete day commits it at once (no Enter or blur needed, so Playwright's
 * `fill("2025-03-03")` on the data-testid, which sits on the <input>, sets the form's value), or pick it from the
 * calendar; clearable; keyboard-usable. Use it as a Form.Item's child or with value/onChange.
 */
export function DateField(props: DateFieldProps) {
  return (
    <Suspense
      fallback={
        <Input
          id={props.id}
          name={props.name}
          data-testid={props["data-testid"]}
          aria-label={props["aria-label"]}
          value={props.value ?? ""}
          placeholder={props.placeholder}
          style={{ width: 150, ...props.style }}
          disabled
          readOnly
        />
      }
    >
      <Picker {...props} />
    </Suspense>
  );
}
