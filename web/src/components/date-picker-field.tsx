// Workbench: the picker behind DateField (its own chunk, loaded with the first date field): Ant Design's DatePicker
// over a YYYY-MM-DD string, committing a typed complete day at once and closing its calendar then.
import { DatePicker } from "antd";
import dayjs, { type Dayjs } from "dayjs";
// The calendar's weekday and month names and first day of the week in Chinese (the picker asks dayjs for the
// locale its Ant Design locale names: zh_CN → zh-cn, en_US → en).
import "dayjs/locale/zh-cn";
import { type KeyboardEvent, useRef, useState } from "react";
import type { DateFieldProps } from "./DateField.tsx";

export const dayFormat = "YYYY-MM-DD";
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD string as the picker's value; anything else (empty, a half-typed day) as none. */
export function toDay(value: string | undefined): Dayjs | null {
  if (!value || !dayPattern.test(value)) return null;
  const day = dayjs(value);
  return day.isValid() && day.format(dayFormat) === value ? day : null;
}

export default function DatePickerField({ value, onChange, style, ...rest }: DateFieldProps) {
  const [open, setOpen] = useState(false);
  // The calendar was closed by a typed day; Enter then confirms it, where the picker would open the calendar again.
  const typedClose = useRef(false);
  const enterAfterTyping = useRef(false);
  const commit = (day: Dayjs | null) => {
    const next = day ? day.format(dayFormat) : "";
    if (next !== (value ?? "")) onChange?.(next);
  };
  return (
    <DatePicker
      {...rest}
      value={toDay(value)}
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
  );
}
