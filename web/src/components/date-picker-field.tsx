// Workbench: the picker behind DateField (its own chunk, loaded with the first date field): Ant Design's DatePicker
// over a YYYY-MM-DD string, committing a typed complete day at once and closing its calendar then.
import { DatePicker } from "antd";
import dayjs, { type Dayjs } from "dayjs";
// The calendar's weekday and month names and first day of the week in Chinese (the picker asks dayjs for the
// locale its Ant Design locale names: zh_CN → zh-cn, en_US → en).
import "dayjs/locale/zh-cn";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { DateFieldProps } from "./DateField.tsx";

export const dayFormat = "YYYY-MM-DD";
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD string as the picker's value; anything else (empty, a half-typed day) as none. */
export function toDay(value: string | undefined): Dayjs | null {
  if (!value || !dayPattern.test(value)) return null;
  const day = dayjs(value);
  return day.isValid() && day.format(dayFormat) === value ? day : null;
}

type PickerLocale = NonNullable<Parameters<typeof DatePicker>[0]["locale"]>;

/**
 * The calendar's words as the workbench's (ConfigProvider's) locale has them, the labels of its year and month
 * buttons emptied: a label "选择年份" on a button that reads "2027年" hides what it shows (axe:
 * label-content-name-mismatch); with an empty label the button is named by what it reads. (Ant Design merges this
 * into the locale, so a key left out would not remove the label.)
 */
const pickerLocale: PickerLocale = {
  lang: { yearSelect: "", monthSelect: "", decadeSelect: "" },
} as PickerLocale;

export default function DatePickerField({ value, onChange, style, ...rest }: DateFieldProps) {
  const [open, setOpen] = useState(false);
  // The calendar was closed by a typed day; Enter then confirms it, where the picker would open the calendar again.
  const typedClose = useRef(false);
  const enterAfterTyping = useRef(false);
  // The day this field committed, shown until the owner's value catches up. An owner that keeps the day in the address
  // renders it in a transition (React Router), later than the next key: the picker, given the old day then, would
  // reset the text typed meanwhile (a day cleared and typed at once was lost under load). `pending` lists the days
  // committed and not yet seen back; a value outside it is a change from outside (a reset) and wins.
  const [committed, setCommitted] = useState<string | undefined>(undefined);
  const pending = useRef<string[]>([]);
  useEffect(() => {
    const seen = pending.current.indexOf(value ?? "");
    pending.current = seen < 0 ? [] : pending.current.slice(seen + 1);
    if (pending.current.length === 0) setCommitted(undefined);
  }, [value]);
  const shown = committed ?? value ?? "";
  const commit = (day: Dayjs | null) => {
    const next = day ? day.format(dayFormat) : "";
    if (next === shown) return;
    pending.current.push(next);
    setCommitted(next);
    onChange?.(next);
  };
  return (
    // Typed text: emptied (select all, delete; Playwright's fill("")) clears the day, as a native date input did (the
    // picker alone would put the last day back when the field is left); a complete day closes the calendar, also when
    // it is the day already chosen (focus opened the calendar, and no change would close it).
    <span
      style={{ display: "contents" }}
      onInput={(event) => {
        if (!(event.target instanceof HTMLInputElement)) return;
        const text = event.target.value;
        if (text === "") commit(null);
        else if (toDay(text)) {
          setOpen(false);
          typedClose.current = true;
        }
      }}
    >
      <DatePicker
        {...rest}
        value={toDay(shown)}
        locale={pickerLocale}
        format={dayFormat}
        allowClear
        open={open}
        style={{ width: 150, ...style }}
        onOpenChange={(next) => {
          if (next && enterAfterTyping.current) return;
          typedClose.current = false;
          setOpen(next);
        }}
        onKeyDown={(event: KeyboardEvent<HTMLElement>) => {
          if (event.key === "Enter" && typedClose.current) {
            enterAfterTyping.current = true;
            queueMicrotask(() => {
              enterAfterTyping.current = false;
            });
          } else typedClose.current = false;
        }}
        onBlur={() => {
          typedClose.current = false;
        }}
        // A complete day typed into the input (or picked on the calendar) is the value now, and the calendar closes;
        // the picker alone would wait for Enter or a blur.
        onCalendarChange={(day) => {
          if (!day || Array.isArray(day)) return;
          commit(day);
          setOpen(false);
          typedClose.current = true;
        }}
        onChange={(day) => commit(day)}
      />
    </span>
  );
}
