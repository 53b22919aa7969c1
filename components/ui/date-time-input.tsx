"use client";

import { useRef } from "react";
import { Input } from "./form-controls";
import { formatLocalDateTime } from "./local-date-time";

/**
 * A date and time as one control. Chromium's `datetime-local` is six Tab stops (month, day, year, hour, minute,
 * AM/PM) in the browser's order, not the console's; this is one, typed as "2026-12-01 08:00" (or a day alone) in
 * the browser's zone, which the caller reads with parseLocalDateTime. The calendar button opens the browser's own
 * picker for a mouse; it is no Tab stop, since the field takes typing.
 */
export function DateTimeInput({
  value,
  onChange,
  pickLabel,
  ...rest
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type"> & { value: string; onChange: (value: string) => void; pickLabel: string }) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <div className="relative">
      <Input {...rest} type="text" autoComplete="off" placeholder="2026-12-01 08:00" value={value} onChange={(e) => onChange(e.target.value)} className="pr-9 font-mono text-sm" />
      <button
        type="button"
        tabIndex={-1}
        aria-label={pickLabel}
        title={pickLabel}
        className="absolute inset-y-0 right-0 flex w-9 items-center justify-center text-slate-400 hover:text-slate-700"
        onClick={() => picker.current?.showPicker?.()}
      >
        <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4" aria-hidden>
          <path fillRule="evenodd" d="M5.75 2a.75.75 0 0 1 .75.75V4h7V2.75a.75.75 0 0 1 1.5 0V4h.25A2.75 2.75 0 0 1 18 6.75v8.5A2.75 2.75 0 0 1 15.25 18H4.75A2.75 2.75 0 0 1 2 15.25v-8.5A2.75 2.75 0 0 1 4.75 4H5V2.75A.75.75 0 0 1 5.75 2Zm-1 5.5c-.69 0-1.25.56-1.25 1.25v6.5c0 .69.56 1.25 1.25 1.25h10.5c.69 0 1.25-.56 1.25-1.25v-6.5c0-.69-.56-1.25-1.25-1.25H4.75Z" clipRule="evenodd" />
        </svg>
      </button>
      {/* The browser's picker, behind the button: never focused, never read out, only a source of a picked value. */}
      <input
        ref={picker}
        type="datetime-local"
        tabIndex={-1}
        aria-hidden
        className="pointer-events-none absolute right-0 bottom-0 h-0 w-0 opacity-0"
        value={/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value) ? value.replace(" ", "T") : ""}
        onChange={(e) => e.target.value && onChange(formatLocalDateTime(new Date(e.target.value)))}
      />
    </div>
  );
}
