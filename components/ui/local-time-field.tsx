"use client";

import { useEffect, useState } from "react";
import { DateTimeInput } from "./date-time-input";
import { FieldError } from "./form-controls";
import { formatLocalDateTime, parseLocalDateTime } from "./local-date-time";

/**
 * A plain GET form's time filter: typed in the viewer's zone ("2026-12-01 08:00"), sent as the ISO instant the
 * page reads. Something that is no time is sent as typed, so the page says the filter is not valid.
 */
export function LocalTimeField({ id, name, initial, pickLabel, invalidText }: { id: string; name: string; initial?: string; pickLabel: string; invalidText: string }) {
  const [text, setText] = useState("");
  // Said once the field is left, not at every keystroke of a time still being typed.
  const [left, setLeft] = useState(false);
  // The viewer's zone is only known in the browser.
  useEffect(() => setText(initial ? (Number.isNaN(Date.parse(initial)) ? initial : formatLocalDateTime(initial)) : ""), [initial]);
  const at = parseLocalDateTime(text);
  const wrong = left && at === "invalid";
  return (
    <>
      <DateTimeInput id={id} value={text} onChange={setText} pickLabel={pickLabel} onBlur={() => setLeft(true)} aria-invalid={wrong || undefined} aria-describedby={wrong ? `${id}-error` : undefined} data-testid={`${id}-field`} />
      {wrong && <FieldError id={`${id}-error`} className="mt-1">{invalidText}</FieldError>}
      <input type="hidden" name={name} value={at === null ? "" : at === "invalid" ? text : at.toISOString()} />
    </>
  );
}
